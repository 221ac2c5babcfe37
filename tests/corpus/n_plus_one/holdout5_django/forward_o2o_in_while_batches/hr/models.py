from django.db import models


class Person(models.Model):
    full_name = models.CharField(max_length=120)
    iban = models.CharField(max_length=34)


class Employee(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="employment")
    salary_cents = models.IntegerField()
