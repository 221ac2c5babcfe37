from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Member, Thread


def member_activity(session: Session) -> dict[str, list[str]]:
    activity = {}
    for member in session.scalars(select(Member)):
        activity[member.handle] = [t.subject for t in member.threads]
    return activity


def thread_index(session: Session) -> list[str]:
    return [f"{t.subject} by {t.starter.handle}" for t in session.scalars(select(Thread)).all()]
