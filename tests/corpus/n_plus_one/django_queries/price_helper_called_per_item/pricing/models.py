from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=200)


class PriceEntry(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    valid_from = models.DateTimeField()
