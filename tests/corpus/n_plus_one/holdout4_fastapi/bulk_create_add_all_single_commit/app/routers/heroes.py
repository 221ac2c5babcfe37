from fastapi import APIRouter, HTTPException
from sqlmodel import select

from app.deps import SessionDep
from app.models.hero import Hero, HeroCreate
from app.models.team import Team

router = APIRouter(prefix="/heroes")


@router.post("/bulk", status_code=201)
def create_many(payload: list[HeroCreate], session: SessionDep) -> dict[str, int]:
    heroes = [Hero.model_validate(item) for item in payload]
    session.add_all(heroes)
    session.commit()
    return {"created": len(heroes)}


@router.post("/teams/{team_id}/sidekicks", status_code=201)
def add_sidekicks(team_id: int, names: list[str], session: SessionDep) -> dict[str, object]:
    team = session.exec(select(Team).where(Team.id == team_id)).first()
    if team is None:
        raise HTTPException(404)
    for name in names:
        session.add(Hero(name=name, secret_name=f"{name} (sidekick)", team_id=team.id))
    session.commit()
    return {"team": team_id, "added": len(names)}
