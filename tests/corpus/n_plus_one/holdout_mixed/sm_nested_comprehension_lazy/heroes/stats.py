from collections.abc import Sequence

from sqlmodel import Session, col, select

from heroes.models import Hero, Team


def all_hero_names(session: Session) -> list[str]:
    teams: Sequence[Team] = session.exec(select(Team)).all()
    return [f"{team.name}/{hero.name}" for team in teams for hero in team.heroes]  # expect: ORM101


def team_matrix(session: Session, names: list[str]) -> list[list[str]]:
    heroes = session.exec(select(Hero).where(col(Hero.name).in_(names))).all()
    return [
        [
            hero.team.name if hero.team else "-",  # expect: ORM101
            hero.secret_name,
        ]
        for hero in heroes
    ]
