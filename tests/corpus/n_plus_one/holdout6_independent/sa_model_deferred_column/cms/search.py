from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Article


def grep_articles(session: Session, needle: str) -> list[str]:
    hits = []
    for art in session.scalars(select(Article)):
        if needle in art.body:  # expect: ORM101
            hits.append(art.title)
    return hits
