import peewee as pw

db = pw.SqliteDatabase("social.db")


class BaseModel(pw.Model):
    class Meta:
        database = db


class User(BaseModel):
    username = pw.CharField(unique=True)


class Tweet(BaseModel):
    user = pw.ForeignKeyField(User, backref="tweets")
    content = pw.TextField()


class Favorite(BaseModel):
    user = pw.ForeignKeyField(User, backref="favorites")
    tweet = pw.ForeignKeyField(Tweet, backref="favorites")
