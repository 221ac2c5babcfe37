from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, selectinload

from library.models import Book, Shelf


def shelf_counts(session: Session) -> dict[str, int]:
    shelves = session.scalars(select(Shelf).options(selectinload(Shelf.books))).all()
    return {shelf.label: len(shelf.books) for shelf in shelves}


def shelf_counts_strict(session: Session) -> dict[str, int]:
    counts = {}
    for shelf in session.scalars(select(Shelf)):
        try:
            counts[shelf.label] = len(shelf.books)
        except InvalidRequestError:
            counts[shelf.label] = -1
    return counts


def titles_with_shelf(session: Session) -> list[str]:
    return [f"{b.title} ({b.shelf_id})" for b in session.scalars(select(Book))]
