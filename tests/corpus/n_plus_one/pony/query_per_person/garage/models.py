from pony.orm import *

db = Database()


class Team(db.Entity):
    title = Required(str)
    members = Set("Person")


class Person(db.Entity):
    name = Required(str)
    team = Optional(Team)
    cars = Set("Car")
    pets = Set("Pet", lazy=True)
    passport = Optional("Passport")


class Car(db.Entity):
    make = Required(str)
    owner = Optional(Person)


class Pet(db.Entity):
    name = Required(str)
    owner = Required(Person)


class Passport(db.Entity):
    number = Required(str)
    person = Required(Person)
