from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User


class UserRepository:
    def __init__(self, session: Session):
        self.session = session

    def list(self) -> list[User]:
        return list(self.session.scalars(select(User).where(User.is_active)).all())

    def by_email(self, email: str) -> User | None:
        return self.session.scalars(select(User).where(User.email == email)).first()


class UserService:
    def __init__(self, session: Session):
        self.repo = UserRepository(session)

    def lifetime_values(self) -> dict[str, int]:
        result = {}
        for user in self.repo.list():
            result[user.email] = sum(o.total_cents for o in user.orders)  # expect: ORM101
        return result

    def emails(self) -> list[str]:
        return [u.email for u in self.repo.list()]
