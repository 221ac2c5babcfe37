import datetime as dt

from peewee import CharField, DateTimeField, IntegerField, Model, SqliteDatabase

db = SqliteDatabase("inventory.db")


class Item(Model):
    sku = CharField(unique=True)
    quantity = IntegerField(default=0)
    updated_at = DateTimeField(null=True)

    class Meta:
        database = db

    def save(self, *args, **kwargs):
        self.sku = self.sku.upper()
        self.updated_at = dt.datetime.now()
        return super().save(*args, **kwargs)
