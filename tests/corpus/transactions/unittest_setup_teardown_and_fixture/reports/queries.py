def monthly_totals(conn, year: int):
    with conn.cursor() as cur:
        cur.execute("SELECT month, sum(amount) FROM invoices WHERE year = %s GROUP BY month ORDER BY month", (year,))
        return cur.fetchall()
