from django.conf import settings
from django.db import models


class Agent(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(max_length=80)


class Ticket(models.Model):
    subject = models.CharField(max_length=200)
    assignee = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    escalated_to = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    opened = models.DateTimeField(auto_now_add=True)
