from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20)
    currency = models.CharField(max_length=3, default="EUR")


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sku = models.CharField(max_length=40)
    qty = models.PositiveIntegerField()

    def label(self) -> str:
        return f"{self.order.number}/{self.sku}"
