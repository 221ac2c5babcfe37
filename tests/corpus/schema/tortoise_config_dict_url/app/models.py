from tortoise import fields
from tortoise.models import Model


class Token(Model):
    id = fields.IntField(primary_key=True)
    value = fields.CharField(max_length=64, unique=True)
