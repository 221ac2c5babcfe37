from django.contrib.auth.models import User
from django.db import models


class Attendance(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, default="yes")
