import csv

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User
from app.sync_db import SessionLocal


def export_users(path: str) -> None:
    with SessionLocal() as session, open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        for user in session.scalars(select(User)):
            writer.writerow([user.email, user.org.name if user.org else "", len(user.posts)])  # expect: ORM101
        session.commit()


def user_titles(session: Session, user_id: int) -> list[str]:
    user = session.get(User, user_id)
    return [p.title for p in user.posts]
