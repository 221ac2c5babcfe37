from django.db import models


class Venue(models.Model):
    city = models.CharField(max_length=80)


class Event(models.Model):
    name = models.CharField(max_length=120)
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="events")
    starts_at = models.DateTimeField()
    attendees = models.ManyToManyField("auth.User", related_name="events", blank=True)
