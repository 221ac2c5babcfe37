from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Order


async def get_order(session: AsyncSession, order_id: int) -> Order | None:
    return (await session.scalars(select(Order).where(Order.id == order_id))).first()
