import contextlib
import os
import sqlite3

import psycopg2


def connect():
    """The caller owns the connection."""
    conn = psycopg2.connect(os.environ["WAREHOUSE_DSN"])
    conn.autocommit = True
    return conn


def local_cache():
    return sqlite3.connect(os.environ.get("CACHE_PATH", "cache.sqlite3"))


def row_count(table: str) -> int:
    with contextlib.closing(connect()) as conn, conn.cursor() as cur:
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", (table,))
        return cur.fetchone()[0]


def cached(key: str):
    with contextlib.closing(local_cache()) as cache:
        row = cache.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
