from tortoise import fields
from tortoise.models import Model


class Customer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120)
    vip = fields.BooleanField(default=False)


class Product(Model):
    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=40, unique=True)


class Invoice(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=20)
    customer = fields.ForeignKeyField("billing.Customer", related_name="invoices")


class InvoiceItem(Model):
    id = fields.IntField(primary_key=True)
    invoice = fields.ForeignKeyField("billing.Invoice", related_name="items")
    product = fields.ForeignKeyField("billing.Product", related_name="invoice_items")
    qty = fields.IntField(default=1)
