from django.conf import settings
from django.db import models


class Address(models.Model):
    KINDS = ("billing", "shipping", "home")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=16)
    line1 = models.CharField(max_length=200)


class Referral(models.Model):
    code = models.CharField(max_length=16, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
