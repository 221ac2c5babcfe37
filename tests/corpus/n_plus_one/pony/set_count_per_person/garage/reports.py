from pony.orm import db_session, select

from garage.models import Car, Person


@db_session
def car_counts():
    return {p.name: p.cars.count() for p in select(p for p in Person)}  # expect: ORM101


@db_session
def empty_garages():
    return [p.name for p in Person.select() if p.cars.is_empty()]  # expect: ORM101


@db_session
def car_counts_prefetched():
    people = select(p for p in Person).prefetch(Person.cars)
    return {p.name: p.cars.count() for p in people}


@db_session
def fleet_size():
    total = Car.select().count()
    return total, [p.name for p in Person.select()]
