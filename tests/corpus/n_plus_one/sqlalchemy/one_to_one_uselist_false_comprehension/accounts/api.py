from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Account


def directory(session: Session) -> list[dict]:
    accounts = session.execute(select(Account).where(Account.is_active)).scalars().all()
    return [
        {"login": a.login, "bio": a.profile.bio if a.profile else ""}  # expect: ORM101
        for a in accounts
    ]
