import os

import asyncpg
import psycopg2
from sqlalchemy import URL, create_engine

engine = create_engine(
    URL.create(
        "postgresql+psycopg",
        username=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],
        host=os.environ["DB_HOST"],
        database=os.environ.get("DB_NAME", "app"),
    )
)


def legacy_connection():
    return psycopg2.connect(host=os.environ["LEGACY_HOST"], user="legacy", password=os.environ["LEGACY_PASSWORD"], dbname="legacy")


async def pool():
    return await asyncpg.create_pool(dsn=os.environ["DATABASE_URL"], password=os.getenv("PGPASSWORD"))
