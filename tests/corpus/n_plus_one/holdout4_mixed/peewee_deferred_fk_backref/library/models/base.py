from peewee import Model, SqliteDatabase

db = SqliteDatabase("library.sqlite3")


class BaseModel(Model):
    class Meta:
        database = db
