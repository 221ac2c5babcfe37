from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import models as m
from app.db import get_db

router = APIRouter(prefix="/orders")


@router.get("")
async def list_orders(db: AsyncSession = Depends(get_db)) -> list[dict]:
    orders = (await db.scalars(select(m.Order).order_by(m.Order.created_at))).all()
    return [{"id": o.id, "customer": o.customer.name} for o in orders]  # expect: ORM103


@router.get("/{order_id}")
async def get_order(order_id: int, db: AsyncSession = Depends(get_db)) -> dict:
    order = await db.get(m.Order, order_id)
    if order is None:
        raise HTTPException(status_code=404)
    skus = [i.sku for i in order.items]  # expect: ORM103
    return {"id": order.id, "skus": skus}
