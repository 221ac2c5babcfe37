from tortoise import fields
from tortoise.models import Model


class Shipment(Model):
    id = fields.IntField(primary_key=True)
    carrier = fields.CharField(max_length=40)
    weight_kg = fields.FloatField()
    fee = fields.FloatField()  # expect: ORM501
    shipping_cost = fields.FloatField(null=True)  # expect: ORM501
