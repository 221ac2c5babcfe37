from peewee import CharField, ForeignKeyField, Model, SqliteDatabase

db = SqliteDatabase("app.db")


class User(Model):
    username = CharField(unique=True)

    class Meta:
        database = db


class Tweet(Model):
    user = ForeignKeyField(User, backref="tweets")
    content = CharField(max_length=280)

    class Meta:
        database = db
