from django.db import models


class Entry(models.Model):
    account = models.CharField(max_length=34)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
