from django.db import models

from .managers import PublishedManager


class Publisher(models.Model):
    name = models.CharField(max_length=100)


class Title(models.Model):
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=12, default="draft")

    objects = models.Manager()
    published = PublishedManager()
