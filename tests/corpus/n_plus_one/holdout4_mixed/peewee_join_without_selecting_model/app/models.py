from peewee import BooleanField, CharField, ForeignKeyField, Model, SqliteDatabase, TextField

db = SqliteDatabase("app.db", pragmas={"foreign_keys": 1})


class User(Model):
    handle = CharField(unique=True)
    active = BooleanField(default=True)

    class Meta:
        database = db


class Tweet(Model):
    user = ForeignKeyField(User, backref="tweets")
    content = TextField()

    class Meta:
        database = db
