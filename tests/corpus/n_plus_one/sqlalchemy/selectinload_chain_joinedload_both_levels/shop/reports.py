from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shop.models import Customer, Order


def units_per_customer(session: Session) -> dict[str, Counter]:
    stmt = select(Customer).options(selectinload(Customer.orders).joinedload(Order.lines))
    report = {}
    for customer in session.scalars(stmt):
        units = Counter()
        for order in customer.orders:
            for line in order.lines:
                units[line.sku] += line.quantity
        report[customer.email] = units
    return report
