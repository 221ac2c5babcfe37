import os

from peewee import CharField, Model, PostgresqlDatabase

db = PostgresqlDatabase(os.environ.get("PGDATABASE", "notes"), host=os.environ.get("PGHOST", "localhost"), autoconnect=True)


class Note(Model):
    title = CharField()

    class Meta:
        database = db
