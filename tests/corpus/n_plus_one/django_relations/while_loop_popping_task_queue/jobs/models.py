from django.db import models


class Worker(models.Model):
    email = models.EmailField()


class Task(models.Model):
    title = models.CharField(max_length=200)
    done = models.BooleanField(default=False)
    assignee = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="tasks")
