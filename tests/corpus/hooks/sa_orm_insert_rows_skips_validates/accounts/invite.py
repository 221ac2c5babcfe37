from sqlalchemy import insert
from sqlalchemy.orm import Session

from accounts.models import User


def invite_all(session: Session, emails: list[str]) -> None:
    session.execute(insert(User), [{"email": e} for e in emails])  # expect: ORM401
    session.commit()
