import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

from blog.database import db


class BaseModel(Model):
    class Meta:
        database = db


class User(BaseModel):
    username = CharField(unique=True)
    email = CharField()
    joined = DateTimeField(default=datetime.datetime.now)


class Tweet(BaseModel):
    user = ForeignKeyField(User, backref="tweets")
    content = TextField()
    likes = IntegerField(default=0)
    created = DateTimeField(default=datetime.datetime.now)
