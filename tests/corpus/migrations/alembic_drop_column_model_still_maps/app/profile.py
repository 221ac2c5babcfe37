from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def nickname_of(session: Session, user_id: int) -> str | None:
    return session.scalar(select(User.nickname).where(User.id == user_id))
