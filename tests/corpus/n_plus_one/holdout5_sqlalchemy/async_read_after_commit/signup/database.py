from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from signup.settings import DATABASE_URL

engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
async_session = async_sessionmaker(bind=engine)
