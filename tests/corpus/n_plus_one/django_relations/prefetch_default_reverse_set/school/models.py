from django.db import models


class Course(models.Model):
    name = models.CharField(max_length=100)


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)
    minutes = models.PositiveIntegerField()
