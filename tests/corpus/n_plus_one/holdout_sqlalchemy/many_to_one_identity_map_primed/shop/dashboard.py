from sqlalchemy import select
from sqlalchemy.orm import Session

from shop.models import Customer, Order


def recent_orders(session: Session, limit: int = 50) -> list[str]:
    orders = session.scalars(select(Order).order_by(Order.id.desc()).limit(limit)).all()
    # Pull every referenced customer in one IN query; the many-to-one lazy loader
    # then resolves order.customer from the identity map without SQL.
    customers = session.scalars(
        select(Customer).where(Customer.id.in_({o.customer_id for o in orders}))
    ).all()
    assert customers is not None
    return [f"#{o.id} {o.status} for {o.customer.name}" for o in orders]
