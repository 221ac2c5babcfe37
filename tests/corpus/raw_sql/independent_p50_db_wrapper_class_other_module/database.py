import psycopg2


class Database:
    def __init__(self, dsn):
        self.conn = psycopg2.connect(dsn)

    def query(self, sql):
        with self.conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()
