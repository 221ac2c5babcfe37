from peewee import CharField, DecimalField, Model, SqliteDatabase

db = SqliteDatabase("shop.db", pragmas={"journal_mode": "wal"})


class Customer(Model):
    name = CharField()
    city = CharField()
    credit = DecimalField(decimal_places=2, default=0)

    class Meta:
        database = db
