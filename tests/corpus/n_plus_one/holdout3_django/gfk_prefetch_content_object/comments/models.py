from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models as m


class Flag(m.Model):
    reason = m.CharField(max_length=64)
    resolved = m.BooleanField(default=False)
    content_type = m.ForeignKey(ContentType, on_delete=m.CASCADE)
    object_id = m.PositiveIntegerField()
    content_object = GenericForeignKey()
