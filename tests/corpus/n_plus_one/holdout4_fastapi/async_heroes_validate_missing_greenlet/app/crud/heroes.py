from collections.abc import Sequence

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.models.hero import Hero


async def list_heroes(session: AsyncSession, *, limit: int = 50) -> Sequence[Hero]:
    result = await session.exec(select(Hero).order_by(Hero.name).limit(limit))
    return result.all()
