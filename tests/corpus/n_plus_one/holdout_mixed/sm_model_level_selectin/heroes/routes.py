from fastapi import APIRouter, Depends
from sqlmodel import Session, select

from heroes.deps import get_session
from heroes.models import Hero, Team

router = APIRouter(prefix="/teams")


@router.get("/roster")
def roster(session: Session = Depends(get_session)) -> dict[str, list[str]]:
    teams = session.exec(select(Team).order_by(Team.name)).all()
    return {team.name: [hero.name for hero in team.heroes] for team in teams}


@router.get("/heroes")
def heroes(session: Session = Depends(get_session)) -> list[dict]:
    return [
        {"hero": h.name, "team": h.team.name if h.team else None, "team_id": h.team_id}
        for h in session.exec(select(Hero)).unique()
    ]
