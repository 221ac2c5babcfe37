from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg://app@db/blog")
SessionLocal = sessionmaker(bind=engine)
