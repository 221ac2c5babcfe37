from django.db import models


class StoreMonth(models.Model):
    store = models.CharField(max_length=80)
    month = models.DateField()
    revenue = models.FloatField()  # expect: ORM501
    conversion_rate = models.FloatField(help_text="percent of visits that bought")
    avg_basket_items = models.FloatField()
    latitude = models.FloatField()
    longitude = models.FloatField()


class Wallet(models.Model):
    owner = models.CharField(max_length=120)
    account_balance = models.FloatField(default=0)  # expect: ORM501
    interest_rate = models.FloatField(default=0.0)
