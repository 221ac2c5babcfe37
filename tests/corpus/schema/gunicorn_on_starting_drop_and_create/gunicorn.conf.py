import os

from app.db import engine
from app.models import Base

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))


def on_starting(server):
    if os.environ.get("RESET_SCHEMA") == "1":
        Base.metadata.drop_all(engine)  # expect: ORM502
    Base.metadata.create_all(engine)  # expect: ORM502
