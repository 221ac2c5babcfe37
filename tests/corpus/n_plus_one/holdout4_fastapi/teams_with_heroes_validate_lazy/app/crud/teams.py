from collections.abc import Sequence

from sqlmodel import Session, select

from app.models.team import Team


def list_teams(session: Session, limit: int = 50) -> Sequence[Team]:
    return session.exec(select(Team).order_by(Team.name).limit(limit)).all()
