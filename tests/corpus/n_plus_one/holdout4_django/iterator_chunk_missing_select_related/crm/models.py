from django.db import models


class Company(models.Model):
    name = models.CharField(max_length=120)
    domain = models.CharField(max_length=120, blank=True)


class Contact(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    email = models.EmailField()
    opted_in = models.BooleanField(default=False)


class Note(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField()
