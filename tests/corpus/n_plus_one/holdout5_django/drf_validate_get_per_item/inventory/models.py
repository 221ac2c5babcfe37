from django.db import models


class StockItem(models.Model):
    code = models.CharField(max_length=30, unique=True)
    on_hand = models.IntegerField(default=0)
