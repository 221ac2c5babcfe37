from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shop.models import Customer


def order_summaries(session: Session) -> list[dict]:
    summaries = []
    customers = session.scalars(select(Customer).options(selectinload(Customer.orders))).all()
    for customer in customers:
        for order in customer.orders:
            summaries.append(
                {
                    # many-to-one back to an object already in the identity map: no SQL
                    "customer": order.customer.email,
                    "order": order.id,
                    "skus": sorted(line.sku for line in order.lines),  # expect: ORM101
                }
            )
    return summaries
