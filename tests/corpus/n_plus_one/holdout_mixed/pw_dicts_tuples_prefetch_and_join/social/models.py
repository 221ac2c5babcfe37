import datetime

import peewee as pw

db = pw.SqliteDatabase("social.db")


class BaseModel(pw.Model):
    class Meta:
        database = db


class User(BaseModel):
    username = pw.CharField(unique=True)
    is_staff = pw.BooleanField(default=False)


class Tweet(BaseModel):
    user = pw.ForeignKeyField(User, backref="tweets")
    content = pw.TextField()
    created = pw.DateTimeField(default=datetime.datetime.now)


class Favorite(BaseModel):
    user = pw.ForeignKeyField(User, backref="favorites")
    tweet = pw.ForeignKeyField(Tweet, backref="favorites")
