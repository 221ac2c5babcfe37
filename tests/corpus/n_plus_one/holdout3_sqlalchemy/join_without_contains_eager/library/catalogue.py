from sqlalchemy import select
from sqlalchemy.orm import Session

from library.models import Author, Book


def books_by_country(sess: Session, country: str) -> list[str]:
    stmt = (
        select(Book)
        .join(Book.author)
        .where(Author.country == country)
        .order_by(Book.title)
    )
    lines = []
    for book in sess.scalars(stmt):
        lines.append(f"{book.title} — {book.author.name}")  # expect: ORM101
    return lines
