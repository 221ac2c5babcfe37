from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=120)
    tier = models.CharField(max_length=16, default="standard")


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    status = models.CharField(max_length=16)
