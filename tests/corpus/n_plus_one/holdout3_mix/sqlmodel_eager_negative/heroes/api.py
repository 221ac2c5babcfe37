from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from heroes.models import Hero, Team


def hero_cards(session: Session) -> list[str]:
    heroes = session.exec(select(Hero).options(selectinload(Hero.team))).all()
    return [f"{h.name} ({h.team.name if h.team else '-'})" for h in heroes]


def roster(session: Session) -> dict[str, list[str]]:
    return {team.name: [h.name for h in team.heroes] for team in session.exec(select(Team))}


def team_ids(session: Session) -> set[int | None]:
    return {h.team_id for h in session.exec(select(Hero))}
