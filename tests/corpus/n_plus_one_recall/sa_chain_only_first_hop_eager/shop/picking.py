from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shop.models import Order


def picking_list(session: Session) -> list[tuple[int, str, int]]:
    stmt = select(Order).options(selectinload(Order.lines)).where(Order.status == "open")
    rows = []
    for order in session.scalars(stmt):
        for line in order.lines:
            rows.append((order.id, line.product.name, line.quantity))  # expect: ORM101
    return rows
