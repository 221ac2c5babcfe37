from psycopg import sql


def events_for(conn, table, user):
    query = sql.SQL(f"SELECT * FROM {{}} WHERE username = '{user}'").format(sql.Identifier(table))
    with conn.cursor() as cur:
        cur.execute(query)  # expect: ORM201
        return cur.fetchall()
