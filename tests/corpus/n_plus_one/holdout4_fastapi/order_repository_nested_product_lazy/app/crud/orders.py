from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models.orders import Order


class OrderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_orders(self) -> list[Order]:
        stmt = (
            select(Order)
            .where(Order.status == "new")
            .options(selectinload(Order.lines), joinedload(Order.customer))
        )
        return list(self.session.scalars(stmt).unique())
