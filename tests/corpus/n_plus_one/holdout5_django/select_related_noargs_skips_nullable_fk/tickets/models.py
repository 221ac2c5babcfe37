from django.contrib.auth.models import User
from django.db import models


class Queue(models.Model):
    name = models.CharField(max_length=40)


class Ticket(models.Model):
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    subject = models.CharField(max_length=200)
