from django.db import models


class Customer(models.Model):
    email = models.EmailField()
    email_normalised = models.EmailField(blank=True, default="")
