from sqlalchemy import select
from sqlalchemy.orm import Session

from library.models import Author, Book


def shelf_labels(session: Session) -> list[str]:
    # Every author is loaded up front and kept referenced: the many-to-one
    # Book.author is then resolved from the identity map, without SQL.
    authors = session.scalars(select(Author)).all()
    by_id = {a.id: a for a in authors}
    labels = []
    for book in session.scalars(select(Book).order_by(Book.title)):
        labels.append(f"{book.title} / {book.author.name}")
    assert len(by_id) >= 0
    return labels


def books_of(session: Session, author_ids: list[int]) -> list[str]:
    authors = session.scalars(select(Author).where(Author.id.in_(author_ids))).all()
    for author in authors:
        session.get(Author, author.id)
    return [a.name for a in authors]
