from pony.orm import db_session, select

from garage.models import Car, Person


@db_session
def car_owners():
    # the first owner read loads every owner of the session's cars at once
    return [(c.make, c.owner.name) for c in Car.select()]


@db_session
def team_titles():
    return [p.team.title for p in select(p for p in Person if p.name != "")]


@db_session
def fords():
    return [c.owner.name for c in Car.select(lambda c: c.make == "Ford")]
