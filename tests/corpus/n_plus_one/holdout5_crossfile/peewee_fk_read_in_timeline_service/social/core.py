import peewee as pw

db = pw.SqliteDatabase("social.db")


class BaseModel(pw.Model):
    class Meta:
        database = db
