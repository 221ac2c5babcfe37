from django.db import models

from core.mixins import CreatedByMixin


class Invoice(CreatedByMixin):
    number = models.CharField(max_length=20)
    total = models.DecimalField(max_digits=10, decimal_places=2)
