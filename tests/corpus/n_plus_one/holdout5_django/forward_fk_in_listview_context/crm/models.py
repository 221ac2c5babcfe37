from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=120)
    email = models.EmailField()
    segment = models.CharField(max_length=20, default="retail")
