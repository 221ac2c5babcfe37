import peewee

db = peewee.DatabaseProxy()


class Base(peewee.Model):
    class Meta:
        database = db


class Board(Base):
    name = peewee.CharField()


class Thread(Base):
    board = peewee.ForeignKeyField(Board, backref="threads")
    subject = peewee.CharField()
    pinned = peewee.BooleanField(default=False)


class Reply(Base):
    thread = peewee.ForeignKeyField(Thread, backref="replies")
    body = peewee.TextField()
