from peewee import CharField, DateField, DecimalField, ForeignKeyField, Model, SqliteDatabase

database = SqliteDatabase(None)


class Account(Model):
    name = CharField()
    region = CharField()

    class Meta:
        database = database


class Deal(Model):
    account = ForeignKeyField(Account, backref="deals")
    owner = CharField()
    amount = DecimalField(max_digits=12, decimal_places=2)
    closed_on = DateField(null=True)

    class Meta:
        database = database
