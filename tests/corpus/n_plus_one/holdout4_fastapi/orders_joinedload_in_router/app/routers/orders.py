from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.deps import DbDep
from app.models.orders import Order, OrderLine

router = APIRouter(prefix="/orders")


class OrderSummary(BaseModel):
    id: int
    customer: str
    items: list[str]


@router.get("/", response_model=list[OrderSummary])
def list_orders(db: DbDep, status: str = "new"):
    stmt = (
        select(Order)
        .where(Order.status == status)
        .options(
            joinedload(Order.customer),
            selectinload(Order.lines).joinedload(OrderLine.product),
        )
        .order_by(Order.id.desc())
    )
    orders = db.scalars(stmt).unique().all()
    return [
        OrderSummary(
            id=o.id,
            customer=o.customer.name,
            items=[f"{ln.quantity} x {ln.product.name}" for ln in o.lines],
        )
        for o in orders
    ]
