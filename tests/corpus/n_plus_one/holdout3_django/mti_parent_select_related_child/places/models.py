from django.db import models


class Place(models.Model):
    name = models.CharField(max_length=80)
    address = models.CharField(max_length=200)


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)
    seats = models.PositiveIntegerField(default=0)
