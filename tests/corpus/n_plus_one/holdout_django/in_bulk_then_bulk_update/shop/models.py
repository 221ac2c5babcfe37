from decimal import Decimal

from django.conf import settings
from django.db import models as m


class Product(m.Model):
    sku = m.CharField(max_length=32, unique=True)
    name = m.CharField(max_length=200)
    stock = m.IntegerField(default=0)
    price = m.DecimalField(max_digits=10, decimal_places=2)


class Order(m.Model):
    customer = m.ForeignKey(settings.AUTH_USER_MODEL, on_delete=m.PROTECT, related_name="orders")
    status = m.CharField(max_length=16, default="new")
    placed_at = m.DateTimeField(auto_now_add=True)

    def total(self) -> Decimal:
        return sum((l.price * l.quantity for l in self.lines.all()), Decimal("0"))


class OrderLine(m.Model):
    order = m.ForeignKey(Order, on_delete=m.CASCADE, related_name="lines")
    product = m.ForeignKey(Product, on_delete=m.PROTECT)
    quantity = m.PositiveIntegerField(default=1)
    price = m.DecimalField(max_digits=10, decimal_places=2)
