import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

engine = sa.create_engine("postgresql+psycopg://shop:shop@db/shop", pool_size=10)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
