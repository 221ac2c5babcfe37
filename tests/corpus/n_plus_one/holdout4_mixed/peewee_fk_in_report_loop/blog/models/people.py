import peewee as pw

from .base import BaseModel


class Author(BaseModel):
    username = pw.CharField(unique=True)
    display_name = pw.CharField()
    is_staff = pw.BooleanField(default=False)
