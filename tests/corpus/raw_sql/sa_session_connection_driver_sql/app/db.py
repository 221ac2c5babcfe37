import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(create_engine(os.environ["DATABASE_URL"]))
