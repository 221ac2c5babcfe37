from sqlalchemy.ext.asyncio import create_async_engine

from service.settings import DATABASE_URL

engine = create_async_engine(DATABASE_URL.replace("postgresql://", "postgresql+asyncpg://"))
