from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()


class Tagging(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    tag = models.CharField(max_length=50)
