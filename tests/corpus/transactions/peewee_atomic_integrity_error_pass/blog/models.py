import os

from peewee import CharField, ForeignKeyField, Model, PostgresqlDatabase

db = PostgresqlDatabase(os.environ.get("PGDATABASE", "blog"), host=os.environ.get("PGHOST", "localhost"))


class Post(Model):
    title = CharField()

    class Meta:
        database = db


class Tag(Model):
    name = CharField(unique=True)

    class Meta:
        database = db


class PostTag(Model):
    post = ForeignKeyField(Post, backref="post_tags")
    tag = ForeignKeyField(Tag)

    class Meta:
        database = db
