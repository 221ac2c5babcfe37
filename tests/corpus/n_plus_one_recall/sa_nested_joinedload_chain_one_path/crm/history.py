from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from crm.models import Customer, Order


def purchase_history(session: Session, customer_id: int) -> list[str]:
    stmt = select(Customer).where(Customer.id == customer_id).options(joinedload(Customer.orders).joinedload(Order.lines))
    customer = session.scalars(stmt).unique().one()
    return [line.sku for order in customer.orders for line in order.lines]
