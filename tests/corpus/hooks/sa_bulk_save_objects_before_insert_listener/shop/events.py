import secrets

from sqlalchemy import event

from shop.models import Order


@event.listens_for(Order, "before_insert")
def assign_number(mapper, connection, target: Order) -> None:
    if not target.number:
        target.number = secrets.token_hex(6).upper()
