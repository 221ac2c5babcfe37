from fastapi import APIRouter, HTTPException
from sqlmodel import select

from app.deps import SessionDep
from app.models.hero import Hero, HeroPublicWithTeam
from app.models.team import Team

router = APIRouter(prefix="/teams")


@router.get("/{team_id}/heroes", response_model=list[HeroPublicWithTeam])
def read_team_heroes(team_id: int, session: SessionDep):
    team = session.get(Team, team_id)
    if team is None:
        raise HTTPException(status_code=404, detail="Team not found")
    heroes = session.exec(select(Hero).where(Hero.team_id == team_id).order_by(Hero.name)).all()
    # every hero's many-to-one `team` is the Team already held by this session
    return [HeroPublicWithTeam.model_validate(h) for h in heroes]
