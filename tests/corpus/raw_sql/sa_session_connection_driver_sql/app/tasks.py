from celery import shared_task

from app.db import SessionLocal
from app.maintenance import purge_user_events


@shared_task
def forget_user(user_key: str) -> None:
    with SessionLocal() as session:
        purge_user_events(session, user_key)
