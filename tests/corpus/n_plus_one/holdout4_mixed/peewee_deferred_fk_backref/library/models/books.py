from peewee import CharField, DeferredForeignKey, IntegerField

from .base import BaseModel


class Book(BaseModel):
    title = CharField()
    year = IntegerField(null=True)
    # Author is declared in another module; the FK resolves when Author is defined.
    author = DeferredForeignKey("Author", backref="books", null=True)
