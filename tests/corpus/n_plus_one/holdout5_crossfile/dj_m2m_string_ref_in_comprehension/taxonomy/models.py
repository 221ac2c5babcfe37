from django.db import models


class Tag(models.Model):
    slug = models.SlugField(unique=True)
