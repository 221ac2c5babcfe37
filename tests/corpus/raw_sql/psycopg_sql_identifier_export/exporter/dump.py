import psycopg
from psycopg import sql


def export_column(conn: psycopg.Connection, table: str, column: str, since):
    query = sql.SQL("SELECT id, {col} FROM {tbl} WHERE updated_at >= %s ORDER BY id").format(
        col=sql.Identifier(column),
        tbl=sql.Identifier(table),
    )
    with conn.cursor() as cur:
        cur.execute(query, (since,))
        return cur.fetchall()


def truncate_staging(conn: psycopg.Connection, schema: str, table: str) -> None:
    conn.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(schema, table)))
