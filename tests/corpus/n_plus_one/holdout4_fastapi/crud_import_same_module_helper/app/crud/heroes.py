from pydantic import BaseModel
from sqlmodel import Session, select

from app.models.hero import Hero
from app.models.team import Team


class HeroImport(BaseModel):
    name: str
    secret_name: str
    team_name: str | None = None


def _team_by_name(session: Session, name: str) -> Team | None:
    return session.exec(select(Team).where(Team.name == name)).first()


def import_heroes(session: Session, rows: list[HeroImport]) -> int:
    created = 0
    for row in rows:
        team = _team_by_name(session, row.team_name) if row.team_name else None  # expect: ORM102
        session.add(Hero(name=row.name, secret_name=row.secret_name, team=team))
        created += 1
    session.commit()
    return created
