from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders.models import Order

STATUSES = ("new", "paid", "shipped")


def status_counters(session: Session) -> dict[str, int]:
    counters = {}
    for status in STATUSES:
        counters[status] = session.scalar(
            select(func.count()).select_from(Order).where(Order.status == status)
        )
    return counters


def first_known(session: Session, references: list[str]) -> Order | None:
    known = set(session.scalars(select(Order.reference).where(Order.reference.in_(references))))
    for ref in references:
        if ref in known:
            return session.scalar(select(Order).where(Order.reference == ref))
    return None
