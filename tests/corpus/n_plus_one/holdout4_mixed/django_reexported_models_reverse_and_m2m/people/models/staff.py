from django.db import models


class Employee(models.Model):
    full_name = models.CharField(max_length=120)
    email = models.EmailField(unique=True)
    team = models.ForeignKey("hr.Team", on_delete=models.SET_NULL, null=True, related_name="members")
    manager = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
