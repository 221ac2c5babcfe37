from peewee import CharField, Model, PostgresqlDatabase, TextField

database = PostgresqlDatabase("blog", user="blog", host="db")


class Entry(Model):
    title = CharField()
    author = CharField()
    content = TextField()

    class Meta:
        database = database
