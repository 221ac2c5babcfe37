from django.db import models


class Sensor(models.Model):
    serial = models.CharField(max_length=32, unique=True)
    last_seen = models.DateTimeField(null=True)
    last_value = models.FloatField(null=True)


class Reading(models.Model):
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="readings")
    taken_at = models.DateTimeField()
    value = models.FloatField()
