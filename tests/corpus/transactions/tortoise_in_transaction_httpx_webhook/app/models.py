from tortoise import fields
from tortoise.models import Model


class Payment(Model):
    id = fields.IntField(primary_key=True)
    order_ref = fields.CharField(max_length=40)
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    status = fields.CharField(max_length=20)
