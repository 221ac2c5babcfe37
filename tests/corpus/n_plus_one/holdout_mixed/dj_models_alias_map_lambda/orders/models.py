from django.db import models as m


class Order(m.Model):
    customer = m.ForeignKey("customers.Customer", on_delete=m.PROTECT, related_name="orders")
    created = m.DateTimeField(auto_now_add=True)
    shipped = m.BooleanField(default=False)
