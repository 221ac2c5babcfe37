from django.db import models


class Order(models.Model):
    customer = models.ForeignKey("auth.User", on_delete=models.CASCADE)
    currency = models.ForeignKey("fx.Currency", on_delete=models.PROTECT)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sku = models.CharField(max_length=40)
    quantity = models.IntegerField()
