from django.db import models


class Region(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=100)


class Customer(models.Model):
    external_id = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    region = models.ForeignKey(Region, null=True, on_delete=models.SET_NULL)
