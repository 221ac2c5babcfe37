from sqlmodel import Session, col, select

from app.models.hero import Hero
from app.models.team import Team


def roster_report(session: Session) -> list[dict[str, str | None]]:
    heroes = session.exec(select(Hero).where(col(Hero.team_id).is_not(None))).all()
    team_ids = {h.team_id for h in heroes}
    teams = session.exec(select(Team).where(col(Team.id).in_(team_ids))).all()  # fills the identity map
    rows = []
    for hero in heroes:
        team = session.get(Team, hero.team_id)
        rows.append({"hero": hero.name, "team": team.name if team else None})
    assert len(teams) == len(team_ids)
    return rows
