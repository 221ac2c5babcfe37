from django.conf import settings
from django.db import models


class Label(models.Model):
    name = models.SlugField(unique=True)


class Photo(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="photos/")
    labels = models.ManyToManyField(Label, related_name="photos", blank=True)
