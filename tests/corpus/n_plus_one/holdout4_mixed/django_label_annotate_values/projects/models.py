from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True)
    members = models.ManyToManyField("hr.Employee", through="projects.Assignment", related_name="projects")


class Assignment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    employee = models.ForeignKey("hr.Employee", on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=40)
    hours = models.PositiveIntegerField(default=0)
