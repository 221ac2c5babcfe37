from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver


class Customer(models.Model):
    name = models.CharField(max_length=120)
    tier = models.CharField(max_length=20, default="standard")


class Order(models.Model):
    customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.CASCADE)
    status = models.CharField(max_length=20)


@receiver(post_save, sender=Order)
def order_saved(sender, instance, **kwargs):
    print("order saved", instance.pk)
