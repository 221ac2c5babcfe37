from fastapi import APIRouter

from app.crud import heroes as crud
from app.deps import AsyncSessionDep
from app.models.hero import HeroPublic, HeroPublicWithTeam

router = APIRouter(prefix="/heroes", tags=["heroes"])


@router.get("/", response_model=list[HeroPublicWithTeam])
async def read_heroes(session: AsyncSessionDep, limit: int = 50):
    heroes = await crud.list_heroes(session, limit=limit)
    return [HeroPublicWithTeam.model_validate(hero) for hero in heroes]  # expect: ORM103


@router.get("/names", response_model=list[HeroPublic])
async def read_hero_names(session: AsyncSessionDep):
    return [HeroPublic.model_validate(hero) for hero in await crud.list_heroes(session)]
