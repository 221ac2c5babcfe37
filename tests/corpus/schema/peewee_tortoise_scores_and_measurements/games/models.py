from tortoise import fields
from tortoise.models import Model


class Match(Model):
    id = fields.IntField(primary_key=True)
    elo_delta = fields.FloatField()
    accuracy = fields.FloatField()
    volume = fields.FloatField(description="audio volume 0..1")
