from sqlalchemy.orm import Session, contains_eager

from library.models import Author, Book


def books_by_country(sess: Session, country: str) -> list[str]:
    q = (
        sess.query(Book)
        .join(Book.author)
        .filter(Author.country == country)
        .options(contains_eager(Book.author))
        .order_by(Author.name, Book.title)
    )
    return [f"{book.title} — {book.author.name}" for book in q]
