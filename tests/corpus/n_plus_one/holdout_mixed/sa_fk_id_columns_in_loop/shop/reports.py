from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from shop.models import Order, OrderLine


def orders_by_customer(s: Session, status: str = "paid") -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for order in s.scalars(sa.select(Order).where(Order.status == status)):
        grouped[order.customer_id].append(order.id)
    return dict(grouped)


def units_per_product(s: Session, order_ids: list[int]) -> dict[int, int]:
    totals: dict[int, int] = {}
    lines = s.scalars(sa.select(OrderLine).where(OrderLine.order_id.in_(order_ids))).all()
    for line in lines:
        totals[line.product_id] = totals.get(line.product_id, 0) + line.quantity
    return totals
