from pony.orm import db_session

from garage.models import Car, Person


@db_session
def owners(ids):
    return [Person.get(id=pk) for pk in ids]  # expect: ORM102


@db_session
def owners_by_key(ids):
    return [Person[pk] for pk in ids]  # expect: ORM102


@db_session
def owners_of_cars():
    everyone = Person.select()[:]
    # every person is in the session already: Person[pk] finds them without a query
    return len(everyone), [Person[c.owner.id] for c in Car.select()]
