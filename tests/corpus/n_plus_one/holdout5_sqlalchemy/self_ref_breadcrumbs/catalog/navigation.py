from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Category


def menu(sess: Session, term: str) -> list[dict]:
    matches = sess.scalars(select(Category).where(Category.title.ilike(f"%{term}%"))).all()
    entries = []
    for cat in matches:
        parent_title = cat.parent.title if cat.parent_id else None  # expect: ORM101
        entries.append(
            {
                "title": cat.title,
                "parent": parent_title,
                "children": [c.title for c in cat.children],  # expect: ORM101
            }
        )
    return entries
