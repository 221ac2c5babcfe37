from sqlalchemy import select
from sqlalchemy.orm import Session, defer, load_only

from app.models import User


def directory(session: Session) -> list[tuple[str, str]]:
    stmt = select(User).options(load_only(User.id, User.name)).order_by(User.name)
    return [(u.name, u.bio) for u in session.scalars(stmt)]  # expect: ORM101


def avatars(session: Session) -> dict[int, int]:
    sizes = {}
    for user in session.scalars(select(User).options(defer(User.avatar))):
        sizes[user.id] = len(user.avatar or b"")  # expect: ORM101
    return sizes
