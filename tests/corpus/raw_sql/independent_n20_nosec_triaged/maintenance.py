import sqlite3

TABLES = ("users", "orders", "events")


def vacuum_report(path, prefix):
    conn = sqlite3.connect(path)
    out = {}
    for table in TABLES:
        rows = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE name LIKE '{prefix}%'").fetchone()  # nosec B608
        out[table] = rows[0]
    return out
