from django.db import models


class Job(models.Model):
    payload = models.JSONField()
    batch = models.UUIDField(null=True, db_index=True)
