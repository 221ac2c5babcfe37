from django.db import models


class Currency(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    decimals = models.PositiveSmallIntegerField(default=2)


class Quote(models.Model):
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT)
    discount_pct = models.DecimalField(max_digits=5, decimal_places=2, default=0)


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
