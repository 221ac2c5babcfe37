from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .models import Customer, Order


async def customers_with_orders(session: AsyncSession) -> list[Customer]:
    stmt = select(Customer).options(selectinload(Customer.orders).selectinload(Order.items))
    return list((await session.scalars(stmt)).all())
