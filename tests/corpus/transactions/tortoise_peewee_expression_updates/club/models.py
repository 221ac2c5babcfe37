from tortoise import fields
from tortoise.models import Model


class Member(Model):
    id = fields.IntField(primary_key=True)
    points = fields.IntField(default=0)
