from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shop.models import Order


def order_detail(session: Session, order_id: int) -> dict:
    stmt = select(Order).where(Order.id == order_id).options(joinedload(Order.customer), joinedload(Order.lines))
    order = session.scalars(stmt).unique().one()
    return {"customer": order.customer.name, "warehouse": order.warehouse.code, "skus": [line.sku for line in order.lines]}
