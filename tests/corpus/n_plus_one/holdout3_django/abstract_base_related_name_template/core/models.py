from django.conf import settings
from django.db import models


class OwnedContent(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_related",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
