import datetime as dt

from peewee import CharField, DateTimeField, IntegerField, Model, SqliteDatabase

db = SqliteDatabase("app.db")


class User(Model):
    username = CharField(unique=True)
    login_count = IntegerField(default=0)
    last_login = DateTimeField(null=True)

    class Meta:
        database = db

    def touch(self) -> None:
        self.last_login = dt.datetime.now()
