import datetime as dt

from peewee import CharField, DateTimeField, Model, SqliteDatabase

db = SqliteDatabase("blog.db")


class Draft(Model):
    title = CharField()
    touched_at = DateTimeField(null=True)

    class Meta:
        database = db

    def save(self, *args, **kwargs):
        self.touched_at = dt.datetime.now()
        return super().save(*args, **kwargs)
