from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import Session, create_engine, select

from .models import Hero, Team

engine = create_engine("sqlite:///heroes.db")


def get_session():
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
router = APIRouter()


@router.get("/heroes")
def read_heroes(session: SessionDep, offset: int = 0, limit: int = 100):
    heroes = session.exec(select(Hero).offset(offset).limit(limit)).all()
    return [
        {"name": h.name, "team": h.team.name if h.team else None}  # expect: ORM101
        for h in heroes
    ]


@router.get("/teams/roster")
def roster(session: SessionDep):
    result = {}
    for team in session.exec(select(Team)):
        result[team.name] = sorted(hero.name for hero in team.heroes)  # expect: ORM101
    return result


@router.get("/heroes/team-ids")
def hero_team_ids(session: SessionDep):
    return {h.name: h.team_id for h in session.exec(select(Hero))}
