import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from .models import Order as O


class OrderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_orders(self) -> list[O]:
        stmt = (
            sa.select(O)
            .where(O.status == "open")
            .options(joinedload(O.customer), selectinload(O.items))
        )
        return list(self.session.scalars(stmt).unique())
