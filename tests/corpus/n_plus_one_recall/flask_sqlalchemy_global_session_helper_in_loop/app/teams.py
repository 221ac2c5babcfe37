from app import db
from app.models import Team


def team_name(team_id: int) -> str:
    team = db.session.get(Team, team_id)
    return team.name if team else "-"
