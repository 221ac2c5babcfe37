from django.db import models

from core.models import OwnedContent


class Article(OwnedContent):
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)
