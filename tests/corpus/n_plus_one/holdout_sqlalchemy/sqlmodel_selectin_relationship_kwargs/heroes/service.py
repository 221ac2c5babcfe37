from sqlmodel import Session, select

from .models import Hero, Team


class RosterService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def roster(self) -> dict[str, list[str]]:
        teams = self.session.exec(select(Team)).all()
        return {t.name: [h.name for h in t.heroes] for t in teams}

    def hero_labels(self) -> list[str]:
        labels = []
        for hero in self.session.exec(select(Hero)).unique():
            labels.append(f"{hero.name} of {hero.team.name if hero.team else 'nobody'}")
        return labels
