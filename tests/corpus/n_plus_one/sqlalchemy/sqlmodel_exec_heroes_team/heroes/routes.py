from fastapi import APIRouter, Depends
from sqlmodel import Session, select

from heroes.db import get_session
from heroes.models import Hero, Team

router = APIRouter()


@router.get("/heroes")
def list_heroes(session: Session = Depends(get_session)) -> list[dict]:
    heroes = session.exec(select(Hero).order_by(Hero.name)).all()
    out = []
    for hero in heroes:
        team = hero.team  # expect: ORM101
        out.append({"name": hero.name, "team": team.name if team else None, "team_id": hero.team_id})
    return out


@router.get("/teams")
def list_teams(session: Session = Depends(get_session)) -> list[dict]:
    return [
        {"name": t.name, "roster": [h.name for h in t.heroes]}  # expect: ORM101
        for t in session.exec(select(Team))
    ]
