from django.db import models


class Tag(models.Model):
    label = models.SlugField(unique=True)
