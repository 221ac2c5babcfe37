from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Order


class OrderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_status(self, status: str) -> list[Order]:
        return self.session.scalars(select(Order).where(Order.status == status)).all()
