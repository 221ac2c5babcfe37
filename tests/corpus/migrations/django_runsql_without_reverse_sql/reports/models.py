from django.db import models


class Sale(models.Model):
    day = models.DateField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
