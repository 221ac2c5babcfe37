from peewee import CharField, IntegerField, Model, PostgresqlDatabase

db = PostgresqlDatabase("crm", user="crm", host="localhost", autoconnect=False)


class Contact(Model):
    email = CharField(unique=True)
    name = CharField()
    score = IntegerField(default=0)

    class Meta:
        database = db
