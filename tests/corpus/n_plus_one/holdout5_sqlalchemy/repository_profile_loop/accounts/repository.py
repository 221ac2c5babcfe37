from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list_active(self) -> Sequence[User]:
        return self.session.scalars(select(User).where(User.active.is_(True))).all()

    def by_email(self, email: str) -> User | None:
        return self.session.scalar(select(User).where(User.email == email))
