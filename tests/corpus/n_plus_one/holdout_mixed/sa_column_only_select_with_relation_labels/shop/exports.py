import csv
from typing import TextIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from shop.models import Customer, Order, OrderLine, Product


def export_lines(sess: Session, out: TextIO) -> int:
    stmt = (
        sa.select(
            OrderLine.id,
            OrderLine.quantity,
            Product.name.label("product"),
            Customer.email.label("customer"),
        )
        .join(OrderLine.product)
        .join(OrderLine.order)
        .join(Order.customer)
    )
    writer = csv.writer(out)
    count = 0
    for row in sess.execute(stmt):
        writer.writerow([row.id, row.product, row.customer, row.quantity])
        count += 1
    return count


def customer_emails(sess: Session) -> dict[int, str]:
    rows = sess.execute(sa.select(Order.id, Customer.email.label("customer")).join(Order.customer)).all()
    by_order = {order.id: order.customer for order in rows}
    for m in sess.execute(sa.select(OrderLine.order_id, Product.sku.label("product")).join(OrderLine.product)).mappings():
        by_order.setdefault(m["order_id"], m["product"])
    return by_order
