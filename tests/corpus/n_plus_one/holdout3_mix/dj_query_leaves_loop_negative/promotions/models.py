from django.db import models


class Campaign(models.Model):
    name = models.CharField(max_length=80)


class Coupon(models.Model):
    code = models.CharField(max_length=20, unique=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="coupons")
    used = models.BooleanField(default=False)
