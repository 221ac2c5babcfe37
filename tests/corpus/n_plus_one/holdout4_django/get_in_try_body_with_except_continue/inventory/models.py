from django.db import models as m


class Warehouse(m.Model):
    name = m.CharField(max_length=80)


class Product(m.Model):
    sku = m.CharField(max_length=40, unique=True)
    title = m.CharField(max_length=200)


class StockLevel(m.Model):
    product = m.ForeignKey(Product, on_delete=m.CASCADE, related_name="stock_levels")
    warehouse = m.ForeignKey(Warehouse, on_delete=m.CASCADE)
    quantity = m.IntegerField(default=0)
