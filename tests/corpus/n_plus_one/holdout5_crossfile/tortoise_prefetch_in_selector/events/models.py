from tortoise import fields

from .core import AbstractBase, TimestampMixin


class Venue(AbstractBase):
    name = fields.CharField(max_length=100)


class Event(TimestampMixin, AbstractBase):
    title = fields.CharField(max_length=200)
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField("models.Venue", related_name="events")
    participants = fields.ManyToManyField("models.Team", related_name="events")


class Team(AbstractBase):
    name = fields.CharField(max_length=50)
