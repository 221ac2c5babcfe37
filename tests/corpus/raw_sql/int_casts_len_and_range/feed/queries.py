import sqlite3


def page(conn: sqlite3.Connection, raw_limit: str, raw_offset: str):
    limit = min(int(raw_limit), 100)
    offset = int(raw_offset)
    return conn.execute(f"SELECT id, title FROM entries ORDER BY id DESC LIMIT {limit} OFFSET {offset}").fetchall()


def top_n(conn: sqlite3.Connection, names: list[str]):
    n = len(names) * 2
    return conn.execute("SELECT id, title FROM entries ORDER BY score DESC LIMIT %d" % n).fetchall()


def buckets(conn: sqlite3.Connection, days: int):
    return [conn.execute(f"SELECT COUNT(*) FROM entries WHERE age_days = {day}").fetchone()[0] for day in range(days)]
