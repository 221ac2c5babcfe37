from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price_cents = models.PositiveIntegerField()


class Order(models.Model):
    created = models.DateTimeField(auto_now_add=True)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
