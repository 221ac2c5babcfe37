from fastapi import APIRouter

from app.crud.heroes import list_heroes, list_teams
from app.deps import AsyncSessionDep
from app.models.hero import HeroPublicWithTeam, TeamPublicWithHeroes

router = APIRouter()


@router.get("/heroes", response_model=list[HeroPublicWithTeam])
async def read_heroes(session: AsyncSessionDep, limit: int = 50):
    heroes = await list_heroes(session, limit=limit)
    return [HeroPublicWithTeam.model_validate(hero) for hero in heroes]


@router.get("/teams", response_model=list[TeamPublicWithHeroes])
async def read_teams(session: AsyncSessionDep):
    out = []
    for team in await list_teams(session):
        out.append(TeamPublicWithHeroes.model_validate(team))
    return out
