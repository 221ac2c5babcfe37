import peewee as pw

database = pw.PostgresqlDatabase(None)


class BaseModel(pw.Model):
    class Meta:
        database = database
