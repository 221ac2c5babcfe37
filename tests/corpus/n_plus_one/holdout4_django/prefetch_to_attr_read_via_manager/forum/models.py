from django.contrib.auth.models import User
from django.db import models


class Thread(models.Model):
    title = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, on_delete=models.CASCADE)
    body = models.TextField()
    approved = models.BooleanField(default=False)
