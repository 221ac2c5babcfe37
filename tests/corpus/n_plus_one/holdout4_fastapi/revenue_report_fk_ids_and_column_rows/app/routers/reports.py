from collections import defaultdict

from fastapi import APIRouter
from sqlalchemy import select

from app.deps import SessionDep
from app.models.orders import Order

router = APIRouter(prefix="/reports")


@router.get("/revenue")
def revenue_by_customer(session: SessionDep) -> dict[int, int]:
    rows = session.execute(
        select(Order.id, Order.customer_id, Order.total_cents).where(Order.status == "paid")
    ).all()
    totals: defaultdict[int, int] = defaultdict(int)
    for _order_id, customer_id, total in rows:
        totals[customer_id] += total
    return dict(totals)


@router.get("/order-owners")
def order_owners(session: SessionDep) -> dict[int, int]:
    orders = session.scalars(select(Order).where(Order.status != "cancelled")).all()
    return {o.id: o.customer_id for o in orders if o.total_cents > 0}
