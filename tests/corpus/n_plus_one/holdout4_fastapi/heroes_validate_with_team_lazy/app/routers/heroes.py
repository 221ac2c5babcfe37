from fastapi import APIRouter, HTTPException, Query

from app.crud import heroes as heroes_crud
from app.deps import SessionDep
from app.models.hero import HeroCreate, HeroPublic, HeroPublicWithTeam

router = APIRouter(prefix="/heroes", tags=["heroes"])


@router.get("/", response_model=list[HeroPublicWithTeam])
def read_heroes(session: SessionDep, offset: int = 0, limit: int = Query(default=100, le=100)):
    heroes = heroes_crud.list_heroes(session, offset=offset, limit=limit)
    return [HeroPublicWithTeam.model_validate(hero) for hero in heroes]  # expect: ORM101


@router.get("/{hero_id}", response_model=HeroPublicWithTeam)
def read_hero(hero_id: int, session: SessionDep):
    hero = heroes_crud.get_hero(session, hero_id)
    if not hero:
        raise HTTPException(status_code=404, detail="Hero not found")
    return HeroPublicWithTeam.model_validate(hero)


@router.post("/", response_model=HeroPublic)
def create_hero(hero: HeroCreate, session: SessionDep):
    return heroes_crud.create_hero(session, hero)
