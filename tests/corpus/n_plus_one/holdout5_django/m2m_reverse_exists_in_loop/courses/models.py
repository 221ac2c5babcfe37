from django.db import models


class Student(models.Model):
    name = models.CharField(max_length=80)


class Course(models.Model):
    code = models.CharField(max_length=12)
    students = models.ManyToManyField(Student, related_name="courses")
