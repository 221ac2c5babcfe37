from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shop.models import Order


def order_detail(session: Session, order_id: int) -> dict:
    stmt = select(Order).where(Order.id == order_id).options(joinedload(Order.lines), joinedload(Order.payments))  # expect: ORM104
    order = session.scalars(stmt).unique().one()
    return {
        "number": order.number,
        "lines": [(line.sku, line.quantity) for line in order.lines],
        "paid": sum(p.amount for p in order.payments),
    }
