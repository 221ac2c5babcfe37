from peewee import CharField, DecimalField, ForeignKeyField, Model, MySQLDatabase

db = MySQLDatabase(None)


class BaseModel(Model):
    class Meta:
        database = db


class Customer(BaseModel):
    name = CharField()
    email = CharField()


class Depot(BaseModel):
    city = CharField()


class Order(BaseModel):
    customer = ForeignKeyField(Customer, backref="orders")
    depot = ForeignKeyField(Depot, backref="orders", null=True)
    total = DecimalField(max_digits=10, decimal_places=2)
    status = CharField(default="new")
