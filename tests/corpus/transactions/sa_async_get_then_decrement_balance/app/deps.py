import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

SessionFactory = async_sessionmaker(create_async_engine(os.environ["DATABASE_URL"]), expire_on_commit=False)


async def get_session():
    async with SessionFactory() as session:
        yield session
