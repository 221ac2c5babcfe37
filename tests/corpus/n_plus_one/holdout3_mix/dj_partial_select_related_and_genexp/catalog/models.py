from django.db import models


class Brand(models.Model):
    name = models.CharField(max_length=80)


class Category(models.Model):
    title = models.CharField(max_length=80)


class Product(models.Model):
    name = models.CharField(max_length=120)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT)
    category = models.ForeignKey(Category, on_delete=models.PROTECT)
