from django.db import models


class Thread(models.Model):
    subject = models.CharField(max_length=200)
    pinned = models.BooleanField(default=False)


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(default=False)
