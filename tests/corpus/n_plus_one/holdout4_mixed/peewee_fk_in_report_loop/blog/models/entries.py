import datetime

import peewee as pw

from .base import BaseModel
from .people import Author


class Entry(BaseModel):
    author = pw.ForeignKeyField(Author, backref="entries", on_delete="CASCADE")
    title = pw.CharField()
    published_at = pw.DateTimeField(default=datetime.datetime.now)
    word_count = pw.IntegerField(default=0)
