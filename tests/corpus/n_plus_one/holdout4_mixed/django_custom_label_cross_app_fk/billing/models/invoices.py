from django.db import models


class Invoice(models.Model):
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(max_length=20, unique=True)
    issued_on = models.DateField()
    total = models.DecimalField(max_digits=12, decimal_places=2, default=0)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("store.Product", on_delete=models.PROTECT, related_name="invoice_lines")
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
