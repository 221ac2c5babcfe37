from django.db import models


class Account(models.Model):
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True)


class Contact(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    email = models.EmailField()
