from fastapi import APIRouter, HTTPException
from pydantic import BaseModel
from sqlmodel import select

from app.deps import SessionDep
from app.models.hero import Hero
from app.models.team import Team

router = APIRouter(prefix="/recruit")


class Assignment(BaseModel):
    hero_name: str
    team_id: int


@router.post("/")
def recruit(assignments: list[Assignment], session: SessionDep) -> dict[str, list[str]]:
    done: list[str] = []
    for a in assignments:
        if (team := session.get(Team, a.team_id)) is None:  # expect: ORM102
            raise HTTPException(404, f"team {a.team_id} not found")
        try:
            hero = session.exec(select(Hero).where(Hero.name == a.hero_name)).first()
        except Exception as exc:
            raise HTTPException(500, "lookup failed") from exc
        if hero is None:
            continue
        hero.team_id = team.id
        session.add(hero)
        done.append(f"{hero.name} -> {team.name}")
    session.commit()
    return {"assigned": done}
