from psycopg2 import sql


def make_view(conn, tenant):
    query = sql.SQL("CREATE VIEW {} AS SELECT * FROM invoices WHERE tenant = {}").format(
        sql.Identifier(f"invoices_{tenant}"), sql.Literal(tenant)
    )
    with conn.cursor() as cur:
        cur.execute(query)
