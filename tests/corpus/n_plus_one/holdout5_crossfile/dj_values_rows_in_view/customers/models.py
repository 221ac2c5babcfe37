from django.db import models

from core.models import TimeStamped


class Customer(TimeStamped):
    name = models.CharField(max_length=120)
    email = models.EmailField()
    tier = models.CharField(max_length=12, default="basic")
