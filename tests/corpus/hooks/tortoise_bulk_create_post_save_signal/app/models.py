from tortoise import fields
from tortoise.models import Model


class Order(Model):
    id = fields.IntField(primary_key=True)
    customer = fields.CharField(max_length=120)
    total_cents = fields.IntField()
