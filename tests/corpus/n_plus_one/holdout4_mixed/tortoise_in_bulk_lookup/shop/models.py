from tortoise import fields
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=32, unique=True)
    price = fields.DecimalField(max_digits=10, decimal_places=2)


class Cart(Model):
    id = fields.IntField(primary_key=True)
    session_key = fields.CharField(max_length=64)


class CartLine(Model):
    id = fields.IntField(primary_key=True)
    cart = fields.ForeignKeyField("models.Cart", related_name="lines")
    product = fields.ForeignKeyField("models.Product", related_name="cart_lines")
    qty = fields.IntField(default=1)
