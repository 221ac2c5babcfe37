from django.db import models


class Order(models.Model):
    customer = models.ForeignKey("crm.Customer", on_delete=models.CASCADE)
    number = models.CharField(max_length=32)
