import sqlite3

QUERIES = {
    "by_name": "SELECT id FROM people WHERE name = '{}'",
    "by_city": "SELECT id FROM people WHERE city = '{}'",
}


def find(conn: sqlite3.Connection, kind, value):
    return conn.execute(QUERIES[kind].format(value)).fetchall()  # expect: ORM201
