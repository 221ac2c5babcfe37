from django.db import models


class Reservation(models.Model):
    PENDING, EXPIRED = "pending", "expired"
    status = models.CharField(max_length=16, default=PENDING)
    expires_at = models.DateTimeField()


class SeatHold(models.Model):
    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE)
    seat = models.CharField(max_length=8)
