from django.db import models


class Article(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    view_count = models.PositiveIntegerField(default=0)


class Product(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    stock = models.IntegerField(default=0)
