from fastapi import APIRouter, Depends
from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import Session, select

from heroes.db import get_session
from heroes.models import Hero, Team

router = APIRouter()


@router.get("/teams")
def list_teams(session: Session = Depends(get_session)) -> list[dict]:
    return [{"name": t.name, "size": len(t.heroes)} for t in session.exec(select(Team))]


@router.get("/heroes")
def list_heroes(session: Session = Depends(get_session)) -> list[dict]:
    stmt = select(Hero).options(joinedload(Hero.team), selectinload(Hero.powers))
    out = []
    for hero in session.exec(stmt).unique():
        out.append(
            {
                "name": hero.name,
                "team": hero.team.name if hero.team else None,
                "powers": [p.label for p in hero.powers],
            }
        )
    return out
