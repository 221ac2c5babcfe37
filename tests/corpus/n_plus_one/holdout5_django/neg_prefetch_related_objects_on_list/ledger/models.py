from django.db import models


class Account(models.Model):
    holder = models.CharField(max_length=100)


class Entry(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="entries")
    amount_cents = models.BigIntegerField()
