import functools
import os

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine


@functools.lru_cache(maxsize=None)
def get_engine(url: str | None = None) -> Engine:
    return create_engine(url or os.environ["DATABASE_URL"], pool_pre_ping=True)
