import psycopg2.extras


def orders_by_ids(conn, order_ids: list[int]):
    if not order_ids:
        return []
    placeholders = ",".join(["%s"] * len(order_ids))
    with conn.cursor(cursor_factory=psycopg2.extras.DictCursor) as cur:
        cur.execute(f"SELECT id, status, total FROM orders WHERE id IN ({placeholders})", order_ids)
        return cur.fetchall()


def orders_by_refs(conn, refs: list[str]):
    marks = ", ".join("%s" for _ in refs)
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM orders WHERE ref IN (" + marks + ")", tuple(refs))
        return [row[0] for row in cur.fetchall()]
