from tortoise import fields
from tortoise.models import Model


class Member(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    points = fields.IntField(default=0)
