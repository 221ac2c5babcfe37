from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=120)


class CustomerProfile(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="profile")
    tier = models.CharField(max_length=10)
