from django.conf import settings
from django.db import models


class Venue(models.Model):
    name = models.CharField(max_length=120)
    city = models.CharField(max_length=80)


class Event(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(max_length=200)
    starts = models.DateTimeField()
    speakers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="talks", blank=True)


class Ticket(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tickets")
    holder_email = models.EmailField()
    checked_in = models.BooleanField(default=False)
