from django.db import models as m


class Order(m.Model):
    customer = m.ForeignKey("crm.Customer", on_delete=m.CASCADE, related_name="orders")
    number = m.CharField(max_length=32)
    total_cents = m.IntegerField(default=0)
    placed_at = m.DateTimeField(auto_now_add=True)
