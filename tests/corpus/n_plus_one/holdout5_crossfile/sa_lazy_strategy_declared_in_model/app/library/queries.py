import sqlalchemy as sa

from app.library import models as lm


def all_authors(db):
    return db.scalars(sa.select(lm.Author).order_by(lm.Author.name)).all()


def all_books(db):
    return db.scalars(sa.select(lm.Book)).unique().all()
