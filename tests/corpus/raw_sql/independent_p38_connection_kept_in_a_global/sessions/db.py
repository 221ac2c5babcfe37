import sqlite3

_conn = None


def get_conn():
    global _conn
    if _conn is None:
        _conn = sqlite3.connect("sessions.db", check_same_thread=False)
    return _conn
