from django.db import models


class Lead(models.Model):
    email = models.EmailField()
    source = models.CharField(max_length=40)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
