import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from accounts.models import User


def suspend(session: Session, user_ids: list[int]) -> None:
    # Only status changes: the email validator would not run for this change anyway.
    session.execute(update(User).where(User.id.in_(user_ids)).values(status="suspended"))
    session.commit()
