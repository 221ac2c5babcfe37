from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20)
    channel = models.CharField(max_length=20)
    coupon = models.CharField(max_length=32, null=True, blank=True)
    gift = models.BooleanField(default=False)
