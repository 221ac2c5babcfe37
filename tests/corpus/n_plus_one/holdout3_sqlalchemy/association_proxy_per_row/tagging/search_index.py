from sqlalchemy import select
from sqlalchemy.orm import Session

from tagging.models import Document


def build_index(session: Session) -> dict[str, set[int]]:
    index: dict[str, set[int]] = {}
    for doc in session.scalars(select(Document)):
        for kw in doc.keywords:  # expect: ORM101
            index.setdefault(kw.word, set()).add(doc.id)
    return index
