from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from shop.db import SessionLocal
from shop.models import Order


async def list_orders(session: AsyncSession) -> list[tuple[str, int]]:
    stmt = select(Order).options(joinedload(Order.customer), selectinload(Order.items))
    res = await session.execute(stmt)
    return [(o.customer.name, len(o.items)) for o in res.scalars()]


async def create_order(customer_id: int, note: str) -> int:
    async with SessionLocal() as session:
        order = Order(customer_id=customer_id, note=note)
        session.add(order)
        await session.commit()
        return order.id


async def skus_of(session: AsyncSession, order_id: int) -> list[str]:
    order = await session.get(Order, order_id)
    items = await order.awaitable_attrs.items
    return [i.sku for i in items]
