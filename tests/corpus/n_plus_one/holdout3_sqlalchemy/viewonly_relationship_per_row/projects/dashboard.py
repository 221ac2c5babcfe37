from sqlalchemy import select
from sqlalchemy.orm import Session

from projects.models import Project


def dashboard(session: Session) -> list[dict]:
    projects = session.scalars(select(Project).where(Project.archived.is_(False))).all()
    cards = []
    for p in projects:
        pending = p.open_tasks  # expect: ORM101
        cards.append({"name": p.name, "open": len(pending), "next": pending[0].title if pending else None})
    return cards
