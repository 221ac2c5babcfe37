from django.db import models


class Order(models.Model):
    status = models.CharField(max_length=20, default="new")
    email = models.EmailField()
    created = models.DateTimeField(auto_now_add=True)
