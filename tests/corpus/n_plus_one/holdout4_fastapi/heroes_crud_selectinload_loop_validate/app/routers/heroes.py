from fastapi import APIRouter

from app.crud.heroes import list_heroes
from app.deps import SessionDep
from app.models.hero import HeroPublicWithTeam

router = APIRouter(prefix="/heroes")


@router.get("/search", response_model=list[HeroPublicWithTeam])
def search_heroes(session: SessionDep, q: str | None = None) -> list[HeroPublicWithTeam]:
    result: list[HeroPublicWithTeam] = []
    for hero in list_heroes(session, name_like=q):
        item = HeroPublicWithTeam.model_validate(hero)
        if hero.team is not None and hero.team.headquarters:
            item.secret_name = f"{hero.secret_name} @ {hero.team.headquarters}"
        result.append(item)
    return result
