from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from app.models.hero import Hero


def list_heroes(session: Session, *, name_like: str | None = None, limit: int = 100) -> list[Hero]:
    stmt = select(Hero).options(selectinload(Hero.team)).limit(limit)
    if name_like:
        stmt = stmt.where(col(Hero.name).contains(name_like))
    return list(session.exec(stmt).all())
