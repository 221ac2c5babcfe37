from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Tag


def get_or_create_tag(session: Session, name: str) -> Tag:
    with session.begin():
        try:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
            return tag
        except IntegrityError:  # expect: ORM302
            return session.scalars(select(Tag).where(Tag.name == name)).one()
