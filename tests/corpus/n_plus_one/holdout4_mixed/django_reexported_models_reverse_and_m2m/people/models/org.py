from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=80)
    cost_center = models.CharField(max_length=12)
