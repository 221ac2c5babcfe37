from psycopg import sql


def count_rows(conn, schema, table, owner):
    query = sql.SQL("SELECT COUNT(*) FROM {}.{} WHERE owner = %s").format(
        sql.Identifier(schema), sql.Identifier(table)
    )
    with conn.cursor() as cur:
        cur.execute(query, (owner,))
        return cur.fetchone()[0]
