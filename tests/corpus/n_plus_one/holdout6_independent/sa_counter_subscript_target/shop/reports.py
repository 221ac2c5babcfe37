from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Order


def orders_per_customer(session: Session) -> Counter:
    tally = Counter()
    for order in session.scalars(select(Order)):
        tally[order.customer.name] += 1  # expect: ORM101
    return tally
