from psycopg2.extensions import quote_ident


def set_search_path(conn, schema):
    with conn.cursor() as cur:
        cur.execute("SET search_path TO " + quote_ident(schema, cur))
