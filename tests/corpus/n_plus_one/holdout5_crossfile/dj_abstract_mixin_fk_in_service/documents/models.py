from django.db import models as m

from core.models import OwnedMixin, TimeStamped


class Document(OwnedMixin, TimeStamped):
    title = m.CharField(max_length=200)
    archived = m.BooleanField(default=False)
