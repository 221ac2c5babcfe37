from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=120)
    country = models.CharField(max_length=2)

    def __str__(self) -> str:
        return self.name
