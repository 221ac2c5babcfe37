from tortoise import fields
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
