from django.conf import settings
from django.db import models


class Document(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    archived = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
