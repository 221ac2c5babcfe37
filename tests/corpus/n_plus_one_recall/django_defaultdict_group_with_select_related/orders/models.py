from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=120)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    number = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
