from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    cost_cents = models.PositiveIntegerField()


class Payment(models.Model):
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    fee_cents = models.IntegerField(default=0)
    currency = models.CharField(max_length=3)
