from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from app.sa_models import User

engine = create_async_engine("postgresql+asyncpg://app:Zq9async@db/prod")


async def names(session):
    users = (await session.scalars(select(User).where(User.legacy_code == "x"))).all()
    return [len(u.posts) for u in users]
