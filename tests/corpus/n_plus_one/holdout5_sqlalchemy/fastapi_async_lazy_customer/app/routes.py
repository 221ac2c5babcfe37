from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import Customer, Order

router = APIRouter(prefix="/orders")


@router.get("/")
async def list_orders(status: str = "new", session: AsyncSession = Depends(get_session)):
    orders = (await session.scalars(select(Order).where(Order.status == status))).all()
    return [
        {"id": o.id, "customer": o.customer.email}  # expect: ORM103
        for o in orders
    ]


@router.get("/customers/{customer_id}")
async def customer_detail(customer_id: int, session: AsyncSession = Depends(get_session)):
    customer = await session.get(Customer, customer_id)
    if customer is None:
        raise HTTPException(status_code=404)
    return {"email": customer.email, "orders": len(customer.orders)}  # expect: ORM103
