import sqlite3


def archive_user(path, username):
    conn = sqlite3.connect(path)
    conn.executescript(
        f"INSERT INTO archived_users SELECT * FROM users WHERE username = '{username}'; "  # expect: ORM201
        f"DELETE FROM users WHERE username = '{username}';"
    )
    conn.close()
