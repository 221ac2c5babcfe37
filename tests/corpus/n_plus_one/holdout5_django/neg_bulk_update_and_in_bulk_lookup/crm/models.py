from django.db import models


class Client(models.Model):
    name = models.CharField(max_length=100)
    discount_pct = models.IntegerField(default=0)
