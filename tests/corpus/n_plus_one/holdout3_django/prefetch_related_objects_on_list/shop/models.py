from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=60)


class Product(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT)
    tags = models.ManyToManyField("shop.Tag", blank=True)


class Tag(models.Model):
    label = models.CharField(max_length=30)
