from django.db import models


class Warehouse(models.Model):
    name = models.CharField(max_length=80)


class Sku(models.Model):
    code = models.CharField(max_length=32)


class StockLevel(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE)
    on_hand = models.IntegerField(default=0)
