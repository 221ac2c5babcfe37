from django.db import models


class Customer(models.Model):
    email = models.EmailField()


class Order(models.Model):
    customer = models.ForeignKey("sales.Customer", on_delete=models.CASCADE)
    status = models.CharField(max_length=16, default="open")


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(default=1)
