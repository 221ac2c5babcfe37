from django.db import models


class Parcel(models.Model):
    weight_grams = models.PositiveIntegerField()
    country = models.CharField(max_length=2)
    express = models.BooleanField(default=False)
