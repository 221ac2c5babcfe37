from pony.orm import db_session, select

from garage.models import Car, Person


@db_session
def fords_per_person():
    return {p.name: select(c for c in Car if c.owner == p and c.make == "Ford").count()  # expect: ORM102
            for p in Person.select()}


@db_session
def names():
    return [p.name for p in select(p for p in Person).order_by(Person.name)]
