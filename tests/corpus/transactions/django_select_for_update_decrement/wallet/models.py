from django.db import models


class Account(models.Model):
    owner = models.CharField(max_length=120)
    balance = models.DecimalField(max_digits=14, decimal_places=2, default=0)
