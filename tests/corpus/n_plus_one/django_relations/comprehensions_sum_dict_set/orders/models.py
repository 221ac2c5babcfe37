from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2)


class Product(models.Model):
    sku = models.CharField(max_length=32)
    price = models.DecimalField(max_digits=8, decimal_places=2)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    paid = models.BooleanField(default=False)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(default=1)
