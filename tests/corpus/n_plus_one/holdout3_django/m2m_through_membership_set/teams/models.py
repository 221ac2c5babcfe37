from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=80)


class Group(models.Model):
    name = models.CharField(max_length=80)
    members = models.ManyToManyField(Person, through="Membership")


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    role = models.CharField(max_length=20)
    joined = models.DateField()
