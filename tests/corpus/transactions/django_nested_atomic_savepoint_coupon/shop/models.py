from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    email = models.EmailField()


class CouponRedemption(models.Model):
    code = models.CharField(max_length=32)
    email = models.EmailField()

    class Meta:
        unique_together = [("code", "email")]
