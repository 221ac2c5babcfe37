from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from social.models import Event, Member, Status

WINDOW = timedelta(days=7)


def weekly_activity(sess: Session) -> dict[str, int]:
    since = datetime.utcnow() - WINDOW
    activity = {}
    for m in sess.scalars(select(Member)):
        activity[m.handle] = m.posts.filter(Status.created_at >= since).count()  # expect: ORM101
    return activity


def weekly_activity_grouped(sess: Session) -> dict[str, int]:
    since = datetime.utcnow() - WINDOW
    stmt = (
        select(Member.handle, func.count(Status.id))
        .outerjoin(Status, (Status.member_id == Member.id) & (Status.created_at >= since))
        .group_by(Member.handle)
    )
    return dict(sess.execute(stmt).tuples().all())


def log_logins(sess: Session, handles: list[str]) -> None:
    members = sess.scalars(select(Member).where(Member.handle.in_(handles))).all()
    for m in members:
        m.events.add(Event(kind="login"))
    sess.commit()
