from django.db import models


class Company(models.Model):
    name = models.CharField(max_length=100)


class Contact(models.Model):
    first_name = models.CharField(max_length=50)
    last_name = models.CharField(max_length=50)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    company_name = models.CharField(max_length=100, blank=True)
    owner = models.CharField(max_length=100, blank=True)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"
