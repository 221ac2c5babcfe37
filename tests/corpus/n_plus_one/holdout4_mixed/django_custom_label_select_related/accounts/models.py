from django.db import models as m


class Customer(m.Model):
    name = m.CharField(max_length=150)
    email = m.EmailField()
    active = m.BooleanField(default=True)
