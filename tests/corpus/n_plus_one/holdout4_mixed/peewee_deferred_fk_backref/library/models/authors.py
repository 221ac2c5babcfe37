from peewee import CharField

from .base import BaseModel


class Author(BaseModel):
    name = CharField()
    country = CharField(default="")
