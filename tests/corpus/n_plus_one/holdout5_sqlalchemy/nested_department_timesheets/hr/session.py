from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg://hr@db/hr")
SessionLocal = sessionmaker(engine)
