from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=120)


class Product(models.Model):
    name = models.CharField(max_length=200)


class Invoice(models.Model):
    customer = models.ForeignKey(Customer, related_name="invoices", on_delete=models.CASCADE)
    number = models.CharField(max_length=20)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, related_name="lines", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
