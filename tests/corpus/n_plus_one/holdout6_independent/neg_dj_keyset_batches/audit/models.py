from django.db import models


class Event(models.Model):
    kind = models.CharField(max_length=30)
    payload = models.JSONField(default=dict)
