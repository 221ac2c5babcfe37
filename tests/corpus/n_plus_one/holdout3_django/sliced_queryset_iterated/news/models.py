from django.conf import settings
from django.db import models


class Story(models.Model):
    headline = models.CharField(max_length=200)
    published = models.DateTimeField()
    byline = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    section = models.ForeignKey("news.Section", on_delete=models.PROTECT)


class Section(models.Model):
    title = models.CharField(max_length=40)
