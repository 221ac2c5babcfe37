from django.db import models


class Tag(models.Model):
    slug = models.SlugField(unique=True)


class Article(models.Model):
    title = models.CharField(max_length=200)
    tags = models.ManyToManyField(Tag, related_name="articles")
    published = models.BooleanField(default=False)
