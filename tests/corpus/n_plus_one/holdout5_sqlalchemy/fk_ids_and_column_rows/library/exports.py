from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from library.models import Author, Book


def author_histogram(session: Session) -> Counter:
    return Counter(b.author_id for b in session.scalars(select(Book)))


def titles_with_author(session: Session) -> list[str]:
    rows = session.execute(select(Book.title, Author.name).join(Book.author)).all()
    return [f"{row.title} - {row.name}" for row in rows]


def ids_by_author(session: Session) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for book_id, author_id in session.execute(select(Book.id, Book.author_id)):
        grouped[author_id].append(book_id)
    return grouped


def author_names(session: Session) -> list[str]:
    return [name.upper() for name in session.scalars(select(Author.name))]
