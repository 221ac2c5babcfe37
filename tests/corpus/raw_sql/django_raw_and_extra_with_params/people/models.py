from django.db import models


class Person(models.Model):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=120)
