from django.db import models


class Sku(models.Model):
    code = models.CharField(max_length=32, unique=True)


class StockLevel(models.Model):
    sku = models.OneToOneField(Sku, on_delete=models.CASCADE, related_name="stock")
    quantity = models.IntegerField(default=0)
