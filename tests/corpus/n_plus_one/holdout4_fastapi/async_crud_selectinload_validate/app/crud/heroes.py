from collections.abc import Sequence

from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.models.hero import Hero
from app.models.team import Team


async def list_heroes(session: AsyncSession, *, limit: int = 50) -> Sequence[Hero]:
    stmt = select(Hero).options(joinedload(Hero.team)).order_by(Hero.name).limit(limit)
    return (await session.exec(stmt)).all()


async def list_teams(session: AsyncSession) -> Sequence[Team]:
    stmt = select(Team).options(selectinload(Team.heroes))
    return (await session.exec(stmt)).all()
