from pony.orm import db_session

from garage.models import Passport, Person


@db_session
def passport_numbers():
    # Passport holds the column: reading it from Person runs one query per person
    return [p.passport.number for p in Person.select()]  # expect: ORM101


@db_session
def holders():
    return [ps.person.name for ps in Passport.select()]
