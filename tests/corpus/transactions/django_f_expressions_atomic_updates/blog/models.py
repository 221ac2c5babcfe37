from django.db import models


class Article(models.Model):
    slug = models.SlugField(unique=True)
    view_count = models.PositiveIntegerField(default=0)
    likes = models.PositiveIntegerField(default=0)
