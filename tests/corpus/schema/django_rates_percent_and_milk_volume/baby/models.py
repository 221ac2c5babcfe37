from django.db import models


class MilkFeeding(models.Model):
    """One bottle: how much milk the baby drank."""

    fed_at = models.DateTimeField()
    amount = models.FloatField(help_text="Volume drunk, in millilitres")
    amount_ml_offered = models.FloatField()
    duration_minutes = models.FloatField(null=True)


class Growth(models.Model):
    measured_on = models.DateField()
    weight_kg = models.FloatField()
    height_cm = models.FloatField()
    percentile = models.FloatField()
