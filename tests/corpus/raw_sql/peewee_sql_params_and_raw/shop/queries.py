from peewee import SQL

from shop.models import Product, db


def pricier_than(min_price):
    return list(Product.select().where(SQL("price > ?", [min_price])))


def named(name: str):
    return list(Product.raw("SELECT * FROM product WHERE name = ?", name))


def count_named(prefix: str) -> int:
    return db.execute_sql("SELECT COUNT(*) FROM product WHERE name LIKE ?", (prefix + "%",)).fetchone()[0]
