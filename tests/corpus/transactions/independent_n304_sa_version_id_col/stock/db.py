from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg://stock@db/stock")
SessionLocal = sessionmaker(engine)
