from django.conf import settings
from django.db import models


class Issue(models.Model):
    title = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True)


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    email = models.EmailField()
    active = models.BooleanField(default=True)


class Delivery(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE)
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE)
    sent_at = models.DateTimeField(auto_now_add=True)
