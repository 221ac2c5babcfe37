import sqlite3
from contextlib import closing

DB_PATH = "auth.sqlite3"


def revoke(token: str) -> None:
    with closing(sqlite3.connect(DB_PATH)) as conn, conn:
        conn.execute("DELETE FROM sessions WHERE token = '%s'" % token)  # expect: ORM201


def is_valid(token: str) -> bool:
    with closing(sqlite3.connect(DB_PATH)) as conn:
        return conn.execute("SELECT 1 FROM sessions WHERE token = ?", (token,)).fetchone() is not None
