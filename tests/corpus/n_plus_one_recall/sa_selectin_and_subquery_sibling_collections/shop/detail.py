from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload, subqueryload

from shop.models import Order


def order_detail(session: Session, order_id: int) -> dict:
    stmt = select(Order).where(Order.id == order_id).options(joinedload(Order.lines), selectinload(Order.payments), subqueryload(Order.notes))
    order = session.scalars(stmt).unique().one()
    return {
        "skus": [line.sku for line in order.lines],
        "paid": sum(p.amount for p in order.payments),
        "notes": [n.text for n in order.notes],
    }
