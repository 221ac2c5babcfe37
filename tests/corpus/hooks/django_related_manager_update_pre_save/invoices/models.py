from decimal import Decimal

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver


class Invoice(models.Model):
    number = models.CharField(max_length=20)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, related_name="lines", on_delete=models.CASCADE)
    net = models.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2)
    gross = models.DecimalField(max_digits=12, decimal_places=2)


@receiver(pre_save, sender=InvoiceLine)
def compute_gross(sender, instance, **kwargs):
    instance.gross = (instance.net * (1 + instance.vat_rate / Decimal(100))).quantize(Decimal("0.01"))
