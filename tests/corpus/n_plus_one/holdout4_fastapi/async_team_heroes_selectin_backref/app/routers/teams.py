from fastapi import APIRouter, HTTPException
from sqlalchemy.orm import selectinload

from app.deps import AsyncSessionDep
from app.models.hero import HeroPublicWithTeam
from app.models.team import Team

router = APIRouter(prefix="/teams")


@router.get("/{team_id}/heroes", response_model=list[HeroPublicWithTeam])
async def team_heroes(team_id: int, session: AsyncSessionDep):
    team = await session.get(Team, team_id, options=[selectinload(Team.heroes)])
    if team is None:
        raise HTTPException(404, "Team not found")
    # hero.team points back at `team`, which the session already holds
    return [HeroPublicWithTeam.model_validate(hero) for hero in team.heroes]
