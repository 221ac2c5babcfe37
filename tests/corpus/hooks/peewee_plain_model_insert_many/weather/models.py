from peewee import CharField, DateTimeField, FloatField, Model, SqliteDatabase

db = SqliteDatabase("weather.db")


class Observation(Model):
    station = CharField()
    observed_at = DateTimeField()
    celsius = FloatField()

    class Meta:
        database = db
        indexes = ((("station", "observed_at"), True),)
