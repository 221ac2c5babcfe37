from django.db import models


class Item(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    quantity = models.IntegerField(default=0)
    archived = models.BooleanField(default=False)
