from django.db import models


class Tag(models.Model):
    slug = models.SlugField(unique=True)


class Post(models.Model):
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True)
