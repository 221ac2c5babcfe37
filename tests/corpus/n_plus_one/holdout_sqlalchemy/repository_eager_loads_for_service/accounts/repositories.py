import sqlalchemy as sa
from sqlalchemy import orm

from accounts.models import Order, User


class UserRepository:
    def __init__(self, session: orm.Session):
        self.session = session

    def list_with_orders(self) -> list[User]:
        stmt = (
            sa.select(User)
            .where(User.is_active)
            .options(orm.selectinload(User.orders), orm.joinedload(User.profile))
        )
        return list(self.session.scalars(stmt).unique())


class UserService:
    def __init__(self, session: orm.Session):
        self.repo = UserRepository(session)

    def lifetime_values(self) -> dict[str, int]:
        return {
            user.profile.display_name: sum(o.total_cents for o in user.orders)
            for user in self.repo.list_with_orders()
        }

    def order_ids(self) -> list[int]:
        ids = []
        for user in self.repo.list_with_orders():
            ids.extend(order.id for order in user.orders)
        return ids
