import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ.get("REPORTS_DATABASE_URL", "sqlite:///app.db"))
SessionLocal = sessionmaker(engine)
