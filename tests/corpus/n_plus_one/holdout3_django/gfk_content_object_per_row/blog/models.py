from django.db import models


class Entry(models.Model):
    headline = models.CharField(max_length=200)
    slug = models.SlugField()
