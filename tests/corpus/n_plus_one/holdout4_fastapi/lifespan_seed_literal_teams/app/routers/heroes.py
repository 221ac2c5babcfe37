from fastapi import APIRouter
from sqlmodel import select

from app.deps import SessionDep
from app.models.hero import Hero, HeroPublic

router = APIRouter(prefix="/heroes")


@router.get("/", response_model=list[HeroPublic])
def read_heroes(session: SessionDep):
    return [HeroPublic.model_validate(h) for h in session.exec(select(Hero)).all()]
