from django.db import models as m


class Customer(m.Model):
    email = m.EmailField(unique=True)
    full_name = m.CharField(max_length=200)


class Address(m.Model):
    customer = m.OneToOneField(Customer, on_delete=m.CASCADE, related_name="address")
    city = m.CharField(max_length=100)
