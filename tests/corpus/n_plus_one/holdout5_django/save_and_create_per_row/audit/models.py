from django.db import models


class AuditEntry(models.Model):
    action = models.CharField(max_length=40)
    object_ref = models.CharField(max_length=80)
    created = models.DateTimeField(auto_now_add=True)
