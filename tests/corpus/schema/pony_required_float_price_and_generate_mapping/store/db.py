import os

from pony.orm import Database, Optional, PrimaryKey, Required

db = Database()


class Product(db.Entity):
    id = PrimaryKey(int, auto=True)
    name = Required(str)
    price = Required(float)  # expect: ORM501
    rating = Optional(float)


db.bind(provider="postgres", host=os.environ["PGHOST"], user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], database="store")
db.generate_mapping(create_tables=True)  # expect: ORM502
