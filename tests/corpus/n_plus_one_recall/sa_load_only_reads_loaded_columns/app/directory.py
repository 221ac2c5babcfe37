from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, undefer

from app.models import User


def names(session: Session) -> list[str]:
    return [u.name for u in session.scalars(select(User).options(load_only(User.id, User.name)))]


def profiles(session: Session) -> list[tuple[str, str]]:
    return [(u.name, u.bio) for u in session.scalars(select(User).options(undefer(User.bio)))]
