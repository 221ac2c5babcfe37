from .models import Entry, database


class EntryRepository:
    def __init__(self, db=database):
        self.db = db

    def titles_by(self, author):
        cursor = self.db.execute_sql("SELECT title FROM entry WHERE author = '%s' ORDER BY id DESC" % author)  # expect: ORM201
        return [row[0] for row in cursor.fetchall()]
