from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://shop@localhost/shop")
async_session = async_sessionmaker(engine)
