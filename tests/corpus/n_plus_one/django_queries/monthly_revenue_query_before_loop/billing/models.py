from django.db import models


class Account(models.Model):
    name = models.CharField(max_length=120)


class Invoice(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="invoices")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    issued_on = models.DateField()
    paid = models.BooleanField(default=False)
