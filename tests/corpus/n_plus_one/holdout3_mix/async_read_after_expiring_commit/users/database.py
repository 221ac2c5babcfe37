from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@db/app", pool_pre_ping=True)
SessionFactory = async_sessionmaker(bind=engine)
