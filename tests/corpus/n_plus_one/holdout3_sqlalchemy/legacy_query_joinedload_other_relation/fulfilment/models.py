import sqlalchemy as sa
from sqlalchemy import orm

Base = orm.declarative_base()


class Address(Base):
    __tablename__ = "addresses"
    id = sa.Column(sa.Integer, primary_key=True)
    line1 = sa.Column(sa.String(200))
    city = sa.Column(sa.String(80))


class Carrier(Base):
    __tablename__ = "carriers"
    id = sa.Column(sa.Integer, primary_key=True)
    code = sa.Column(sa.String(10))


class Shipment(Base):
    __tablename__ = "shipments"
    id = sa.Column(sa.Integer, primary_key=True)
    carrier_id = sa.Column(sa.ForeignKey("carriers.id"))
    address_id = sa.Column(sa.ForeignKey("addresses.id"))
    tracking = sa.Column(sa.String(64))

    carrier = orm.relationship(Carrier)
    address = orm.relationship(Address)
