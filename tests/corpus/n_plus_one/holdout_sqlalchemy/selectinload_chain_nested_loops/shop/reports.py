from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from shop.models import Customer, Order, OrderLine


def units_by_customer(session: Session) -> dict[str, Counter]:
    stmt = select(Customer).options(
        selectinload(Customer.orders).selectinload(Order.lines).joinedload(OrderLine.product)
    )
    report: dict[str, Counter] = {}
    for customer in session.scalars(stmt):
        counter = Counter()
        for order in customer.orders:
            for line in order.lines:
                counter[line.product.sku] += line.quantity
        report[customer.name] = counter
    return report


def shipped_codes(session: Session) -> list[str]:
    stmt = (
        select(Order)
        .where(Order.status == "shipped")
        .options(joinedload(Order.shipment), joinedload(Order.customer).selectinload(Customer.addresses))
    )
    return [
        f"{o.shipment.tracking_code} -> {o.customer.addresses[0].city}"
        for o in session.scalars(stmt).unique()
        if o.shipment is not None and o.customer.addresses
    ]
