from django.db import models


class Room(models.Model):
    name = models.CharField(max_length=60)


class Booking(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
