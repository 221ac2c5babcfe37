from peewee import CharField, DateTimeField, DoubleField, FloatField, Model, SqliteDatabase

db = SqliteDatabase("weather.db")


class Reading(Model):
    station = CharField()
    taken_at = DateTimeField()
    temperature = FloatField()
    humidity_percent = FloatField()
    elevation_m = DoubleField()
    rainfall_mm = FloatField(default=0)

    class Meta:
        database = db
