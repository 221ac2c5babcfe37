import os

from sqlalchemy import create_engine

engine = create_engine(os.environ["DATABASE_URL"])


def get_conn():
    with engine.connect() as conn:
        yield conn
