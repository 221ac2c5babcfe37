from app import db
from app.models import Team


def team_names(team_ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(db.select(Team.id, Team.name).where(Team.id.in_(team_ids))).all())
