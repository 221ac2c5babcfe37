def order_lines_report(conn, order_ids: list[int]) -> dict[int, list[tuple]]:
    report = {}
    with conn.cursor() as cur:
        for order_id in order_ids:
            cur.execute("SELECT sku, qty FROM order_lines WHERE order_id = %s", (order_id,))  # expect: ORM102
            report[order_id] = cur.fetchall()
    return report
