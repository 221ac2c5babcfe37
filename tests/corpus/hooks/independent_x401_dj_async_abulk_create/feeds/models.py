from django.db import models


class Entry(models.Model):
    url = models.URLField(unique=True)
    title = models.CharField(max_length=300)
    title_normalised = models.CharField(max_length=300, blank=True)
