import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from shop.models import Customer, Order


def packing_slips(session: Session, status: str = "paid") -> list[dict]:
    stmt = (
        sa.select(Order)
        .where(Order.status == status)
        .options(joinedload(Order.customer).selectinload(Customer.addresses))
    )
    slips = []
    for order in session.scalars(stmt).unique():
        slips.append(
            {
                "order": order.id,
                "ship_to": [a.city for a in order.customer.addresses],
                "lines": [(ln.product_id, ln.quantity) for ln in order.lines],  # expect: ORM101
            }
        )
    return slips


def line_products(session: Session, order_id: int) -> list[str]:
    order = session.get(Order, order_id)
    names = []
    for line in order.lines:
        names.append(line.product.name)  # expect: ORM101
    return names
