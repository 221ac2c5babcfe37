from django.db import models


class Shipment(models.Model):
    reference = models.CharField(max_length=30)


class Parcel(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="parcels")
    weight_g = models.IntegerField()
    damaged = models.BooleanField(default=False)
