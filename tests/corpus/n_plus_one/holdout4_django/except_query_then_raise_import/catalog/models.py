from django.db import models


class Supplier(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)


class ImportRun(models.Model):
    PENDING, FAILED, DONE = "pending", "failed", "done"
    started_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, default=PENDING)
    error = models.TextField(blank=True)


class PriceRow(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="price_rows")
    sku = models.CharField(max_length=64)
    price = models.DecimalField(max_digits=10, decimal_places=2)
