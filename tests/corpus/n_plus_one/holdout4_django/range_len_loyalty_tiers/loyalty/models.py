from django.db import models


class Member(models.Model):
    name = models.CharField(max_length=120)
    lifetime_spend = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    tier = models.CharField(max_length=10, blank=True)
