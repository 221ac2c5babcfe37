from django.db import models


class Owned(models.Model):
    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="%(class)s_items")

    class Meta:
        abstract = True


class Note(Owned):
    body = models.TextField()
    pinned = models.BooleanField(default=False)
