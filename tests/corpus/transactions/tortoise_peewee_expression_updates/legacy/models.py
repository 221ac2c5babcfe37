from peewee import IntegerField, Model, SqliteDatabase

db = SqliteDatabase("legacy.db")


class Counter(Model):
    hits = IntegerField(default=0)

    class Meta:
        database = db


def hit(counter_id: int) -> None:
    Counter.update(hits=Counter.hits + 1).where(Counter.id == counter_id).execute()
