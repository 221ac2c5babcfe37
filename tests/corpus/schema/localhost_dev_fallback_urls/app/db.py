from sqlalchemy import create_engine

from app.settings import ANALYTICS_URL, DATABASE_URL

engine = create_engine(DATABASE_URL)
analytics_engine = create_engine(ANALYTICS_URL)
