import sqlite3
from queries import USER_BY_NAME


def user_by_name(conn: sqlite3.Connection, name):
    return conn.execute(USER_BY_NAME.format(name=name)).fetchone()  # expect: ORM201
