from sqlmodel import Session, select

from heroes.models import Hero, Team


def hero_cards(session: Session) -> list[str]:
    heroes = session.exec(select(Hero).where(Hero.age > 18)).all()
    return [f"{h.name} ({h.team.name if h.team else '-'})" for h in heroes]  # expect: ORM101


def roster(session: Session) -> None:
    for team in session.exec(select(Team)):
        print(team.name, [h.name for h in team.heroes])  # expect: ORM101
