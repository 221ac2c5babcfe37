import os

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(os.environ.get("DATABASE_URL", "postgresql+asyncpg://localhost/shop"))
