import peewee

db = peewee.SqliteDatabase("inventory.db")


class Category(peewee.Model):
    slug = peewee.CharField(unique=True)
    label = peewee.CharField()

    class Meta:
        database = db


class Product(peewee.Model):
    sku = peewee.CharField(unique=True)
    name = peewee.CharField()
    category = peewee.ForeignKeyField(Category, backref="products", null=True)

    class Meta:
        database = db
