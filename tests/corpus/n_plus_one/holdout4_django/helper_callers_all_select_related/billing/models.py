from django.db import models


class Account(models.Model):
    name = models.CharField(max_length=120)
    vat_number = models.CharField(max_length=20, blank=True)


class Invoice(models.Model):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=20)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    issued = models.DateField()
    paid = models.BooleanField(default=False)
