from django.db import models


class ExchangeRate(models.Model):
    currency = models.CharField(max_length=3, db_index=True)
    rate = models.DecimalField(max_digits=14, decimal_places=6)
    as_of = models.DateField()

    class Meta:
        get_latest_by = "as_of"
