from django.db import models


class Department(models.Model):
    name = models.CharField(max_length=60)


class Employee(models.Model):
    name = models.CharField(max_length=80)
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)
