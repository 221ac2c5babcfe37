from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    books = db.relationship("Book", back_populates="author")


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(db.ForeignKey("author.id"))
    author = db.relationship("Author", back_populates="books")
    reviews = db.relationship("Review", backref="book")


class Review(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(db.ForeignKey("book.id"))
    stars: Mapped[int]
