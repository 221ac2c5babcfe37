from peewee import CharField, DecimalField, Model, SqliteDatabase

db = SqliteDatabase("shop.db")


class Product(Model):
    name = CharField()
    price = DecimalField(decimal_places=2)

    class Meta:
        database = db
