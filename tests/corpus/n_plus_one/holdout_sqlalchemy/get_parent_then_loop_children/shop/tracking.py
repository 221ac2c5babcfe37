from sqlalchemy.orm import Session, selectinload

from shop.models import Customer, Order


def tracking_codes(session: Session, customer_id: int) -> list[str]:
    customer = session.get(Customer, customer_id)
    if customer is None:
        return []
    codes = []
    for order in customer.orders:
        if order.shipment is not None:  # expect: ORM101
            codes.append(order.shipment.tracking_code)
    return codes


def tracking_codes_eager(session: Session, customer_id: int) -> list[str]:
    customer = session.get(
        Customer, customer_id, options=[selectinload(Customer.orders).joinedload(Order.shipment)]
    )
    return [o.shipment.tracking_code for o in customer.orders if o.shipment]
