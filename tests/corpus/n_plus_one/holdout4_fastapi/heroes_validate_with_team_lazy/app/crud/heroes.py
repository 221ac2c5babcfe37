from sqlmodel import Session, select

from app.models.hero import Hero, HeroCreate


def list_heroes(session: Session, offset: int = 0, limit: int = 100) -> list[Hero]:
    statement = select(Hero).offset(offset).limit(limit)
    return list(session.exec(statement).all())


def get_hero(session: Session, hero_id: int) -> Hero | None:
    return session.get(Hero, hero_id)


def create_hero(session: Session, data: HeroCreate) -> Hero:
    hero = Hero.model_validate(data)
    session.add(hero)
    session.commit()
    session.refresh(hero)
    return hero
