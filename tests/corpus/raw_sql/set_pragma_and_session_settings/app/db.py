import sqlite3

import psycopg

APP_NAME = "billing-worker"
JOURNAL_MODE = "wal"


def configure_sqlite(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA journal_mode = {JOURNAL_MODE}")
    conn.execute("PRAGMA foreign_keys = ON")


def table_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: [col[1] for col in conn.execute(f'PRAGMA table_info("{table}")')] for table in tables}


def run_with_timeout(conn: psycopg.Connection, query: str, params: tuple, timeout_ms: int):
    with conn.transaction():
        conn.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        conn.execute(f"SET LOCAL application_name = '{APP_NAME}'")
        return conn.execute(query, params).fetchall()
