from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)


class Refund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
