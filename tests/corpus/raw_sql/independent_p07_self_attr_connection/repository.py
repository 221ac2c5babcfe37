import sqlite3


class AuditLog:
    def __init__(self, path="audit.db"):
        self._db = sqlite3.connect(path)

    def entries_for(self, username):
        return self._db.execute(
            f"SELECT ts, action FROM audit WHERE username = '{username}' ORDER BY ts"  # expect: ORM201
        ).fetchall()
