from pony.orm import db_session

from garage.models import Person


@db_session
def fords():
    return {p.name: p.cars.select(lambda c: c.make == "Ford")[:] for p in Person.select()}  # expect: ORM101


@db_session
def fords_prefetched():
    # prefetch() loads the collection; select() on it still builds a new query per person
    people = Person.select().prefetch(Person.cars)
    return {p.name: p.cars.filter(lambda c: c.make == "Ford")[:] for p in people}  # expect: ORM101
