from django.db import models


class Warehouse(models.Model):
    code = models.CharField(max_length=8)


class StockItem(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    quantity = models.IntegerField(default=0)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
