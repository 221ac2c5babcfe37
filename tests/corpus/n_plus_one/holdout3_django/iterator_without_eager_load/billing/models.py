from django.db import models


class Customer(models.Model):
    email = models.EmailField()
    country = models.CharField(max_length=2)


class Invoice(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(max_length=20)
    total_cents = models.BigIntegerField()
    paid = models.BooleanField(default=False)
