import logging

from sqlmodel import Session

from app.db import engine
from app.models.hero import Hero

log = logging.getLogger("app.tasks")


def send_team_digest(team_name: str, hero_ids: list[int]) -> None:
    with Session(engine) as session:
        for hero_id in hero_ids:
            hero = session.get(Hero, hero_id)  # expect: ORM102
            if hero is None:
                continue
            log.info("digest for %s (%s): team %s", hero.name, hero.secret_name, team_name)
