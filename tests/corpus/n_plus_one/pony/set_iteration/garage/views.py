from pony.orm import db_session

from garage.models import Person


@db_session
def garages():
    # a Set is loaded for every person of the session from its second load on
    return {p.name: [c.make for c in p.cars] for p in Person.select()}


@db_session
def garage_sizes():
    return {p.name: len(p.cars) for p in Person.select()}


@db_session
def pet_names():
    # lazy=True: every collection is loaded on its own
    return {p.name: [x.name for x in p.pets] for p in Person.select()}  # expect: ORM101


@db_session
def pet_names_prefetched():
    return {p.name: [x.name for x in p.pets] for p in Person.select().prefetch(Person.pets)}
