from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://blog@db/blog", pool_size=10)
session_factory = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
