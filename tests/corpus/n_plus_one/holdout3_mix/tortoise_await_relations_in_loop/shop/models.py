from tortoise import fields
from tortoise.models import Model


class Customer(Model):
    id = fields.IntField(pk=True)
    name = fields.CharField(max_length=100)


class Product(Model):
    id = fields.IntField(pk=True)
    sku = fields.CharField(max_length=32, unique=True)
    stock = fields.IntField(default=0)


class Order(Model):
    id = fields.IntField(pk=True)
    customer = fields.ForeignKeyField("models.Customer", related_name="orders")
    total = fields.DecimalField(max_digits=10, decimal_places=2)


class OrderItem(Model):
    id = fields.IntField(pk=True)
    order = fields.ForeignKeyField("models.Order", related_name="items")
    sku = fields.CharField(max_length=32)
