import peewee as pw

from social.core import BaseModel


class User(BaseModel):
    username = pw.CharField(unique=True)
    active = pw.BooleanField(default=True)
