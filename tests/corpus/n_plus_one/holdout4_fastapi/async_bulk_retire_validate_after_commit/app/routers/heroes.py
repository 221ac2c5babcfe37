from fastapi import APIRouter
from sqlmodel import col, select

from app.deps import AsyncSessionDep
from app.models.hero import Hero, HeroPublic

router = APIRouter(prefix="/heroes")

RETIREMENT_AGE = 65


@router.post("/retire", response_model=list[HeroPublic])
async def retire_heroes(session: AsyncSessionDep, min_age: int = RETIREMENT_AGE):
    heroes = (await session.exec(select(Hero).where(col(Hero.age) >= min_age))).all()
    for hero in heroes:
        hero.team_id = None
        session.add(hero)
    await session.commit()
    return [HeroPublic.model_validate(hero) for hero in heroes]  # expect: ORM103
