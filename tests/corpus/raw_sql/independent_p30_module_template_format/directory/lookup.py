import sqlite3

from . import sql


class Directory:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def by_name(self, name):
        cur = self.conn.execute(sql.PERSON_BY_NAME.format(name=name))  # expect: ORM201
        return cur.fetchall()

    def by_id(self, person_id):
        return self.conn.execute(sql.PERSON_BY_ID.replace("%s", "?"), (person_id,)).fetchone()
