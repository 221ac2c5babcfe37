import datetime as dt

from celery import shared_task
from sqlalchemy import select

from billing.db import SessionLocal
from billing.models import Subscription


@shared_task
def expire_trials() -> int:
    session = SessionLocal()  # expect: ORM301
    now = dt.datetime.now(dt.timezone.utc)
    expired = session.scalars(select(Subscription).where(Subscription.status == "trial", Subscription.trial_ends_at < now)).all()
    for sub in expired:
        sub.status = "expired"
    session.commit()
    session.close()
    return len(expired)
