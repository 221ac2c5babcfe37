from psycopg2 import sql


def find(conn, table, value):
    query = sql.SQL("SELECT * FROM {} WHERE code = '{}'").format(sql.Identifier(table), sql.SQL(value))
    with conn.cursor() as cur:
        cur.execute(query)  # expect: ORM201
        return cur.fetchall()
