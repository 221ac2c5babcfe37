import sqlite3
from pathlib import Path

SCHEMA = Path(__file__).with_name("schema.sql")


def apply_schema(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.read_text().split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.commit()
