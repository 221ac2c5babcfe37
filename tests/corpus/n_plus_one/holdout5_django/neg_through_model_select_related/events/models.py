from django.contrib.auth.models import User
from django.db import models


class Event(models.Model):
    title = models.CharField(max_length=120)
    attendees = models.ManyToManyField(User, through="rsvp.Attendance", related_name="events")
