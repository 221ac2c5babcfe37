from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

DATABASE_URL = "sqlite+aiosqlite:///./heroes.db"

async_engine = create_async_engine(DATABASE_URL, echo=False)
SessionFactory = async_sessionmaker(async_engine, class_=AsyncSession, expire_on_commit=False)
