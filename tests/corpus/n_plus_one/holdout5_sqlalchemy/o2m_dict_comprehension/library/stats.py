from sqlalchemy import select
from sqlalchemy.orm import Session

from library.models import Author as AuthorModel


def books_per_author(db: Session) -> dict[str, int]:
    authors = db.scalars(select(AuthorModel).order_by(AuthorModel.name)).all()
    return {a.name: len(a.books) for a in authors}  # expect: ORM101


def prolific(db: Session, minimum: int = 3) -> list[str]:
    rows = db.execute(select(AuthorModel)).scalars()
    return [
        author.name
        for author in rows
        if len(author.books) >= minimum  # expect: ORM101
    ]
