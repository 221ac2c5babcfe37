from sqlalchemy.orm import joinedload
from sqlmodel import Session, select

from api.models import Hero, Team


def team_detail(session: Session, team_id: int) -> dict:
    statement = (  # expect: ORM104
        select(Team)
        .where(Team.id == team_id)
        .options(joinedload(Team.heroes), joinedload(Team.sponsors))
    )
    team = session.exec(statement).unique().one()
    return {"heroes": [h.name for h in team.heroes], "sponsors": [s.name for s in team.sponsors]}


def hero_list(session: Session) -> list[str]:
    heroes = session.exec(select(Hero).options(joinedload(Hero.team))).all()
    return [f"{h.name} ({h.team.name if h.team else '-'})" for h in heroes]
