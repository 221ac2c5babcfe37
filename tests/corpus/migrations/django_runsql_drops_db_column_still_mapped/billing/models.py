from django.db import models


class Invoice(models.Model):
    number = models.CharField(max_length=20)
    reference = models.CharField(max_length=40, db_column="legacy_ref", blank=True)
