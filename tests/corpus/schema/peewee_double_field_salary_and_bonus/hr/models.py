import os

from peewee import CharField, DateField, DoubleField, FloatField, Model, PostgresqlDatabase

db = PostgresqlDatabase("hr", user="hr_app", password=os.environ["HR_DB_PASSWORD"], host=os.environ["HR_DB_HOST"])


class Employee(Model):
    name = CharField()
    started = DateField()
    salary = DoubleField()  # expect: ORM501
    bonus = FloatField(null=True)  # expect: ORM501
    performance_score = FloatField(null=True)

    class Meta:
        database = db
