from django.db import models


class Subscription(models.Model):
    email = models.EmailField()
    expires = models.DateField()
    status = models.CharField(max_length=10, default="active")
