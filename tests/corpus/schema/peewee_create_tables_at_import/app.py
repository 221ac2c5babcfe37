import os

from flask import Flask, jsonify
from peewee import CharField, ForeignKeyField, Model
from playhouse.db_url import connect

db = connect(os.environ["DATABASE_URL"])


class User(Model):
    username = CharField(unique=True)

    class Meta:
        database = db


class Tweet(Model):
    user = ForeignKeyField(User, backref="tweets")
    content = CharField(max_length=280)

    class Meta:
        database = db


db.create_tables([User, Tweet], safe=True)  # expect: ORM502

app = Flask(__name__)


@app.get("/users/<name>/tweets")
def tweets(name: str):
    return jsonify([t.content for t in Tweet.select().join(User).where(User.username == name)])
