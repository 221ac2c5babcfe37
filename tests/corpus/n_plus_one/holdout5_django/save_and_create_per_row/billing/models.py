from django.db import models


class Invoice(models.Model):
    number = models.CharField(max_length=20)
    status = models.CharField(max_length=10, default="draft")
    sent_at = models.DateTimeField(null=True)
