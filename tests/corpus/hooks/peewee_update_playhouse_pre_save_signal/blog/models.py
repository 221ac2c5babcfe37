from peewee import CharField, SqliteDatabase, TextField
from playhouse.signals import Model, pre_save

db = SqliteDatabase("blog.db")


class Post(Model):
    title = CharField()
    body = TextField()
    excerpt = CharField(default="")

    class Meta:
        database = db


@pre_save(sender=Post)
def fill_excerpt(model_class, instance, created):
    instance.excerpt = instance.body[:140]
