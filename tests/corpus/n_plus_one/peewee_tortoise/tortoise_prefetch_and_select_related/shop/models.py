from tortoise import fields
from tortoise.models import Model


class Customer(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=255, unique=True)
    name = fields.CharField(max_length=120)

    class Meta:
        table = "customers"


class Order(Model):
    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("models.Customer", related_name="orders")
    status = fields.CharField(max_length=20, default="new")
    total_cents = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "orders"


class Product(Model):
    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=40, unique=True)
    price_cents = fields.IntField()
    stock = fields.IntField(default=0)
