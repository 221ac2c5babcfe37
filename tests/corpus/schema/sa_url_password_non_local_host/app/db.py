from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg://app:Xk9-pr0d-2024@db.internal.example.com:5432/app", pool_size=20)  # expect: ORM503
SessionLocal = sessionmaker(engine)
