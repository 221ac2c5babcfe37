from django.db import models

from core.models import TimeStamped


class Post(TimeStamped):
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)
    tags = models.ManyToManyField("taxonomy.Tag", related_name="posts", blank=True)
