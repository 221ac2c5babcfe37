from sqlalchemy import text
from sqlalchemy.engine import Connection


def revenue_by_month(conn: Connection, year: int):
    return conn.execute(
        text("SELECT month, sum(amount) FROM invoices WHERE year = :year GROUP BY month ORDER BY month"),
        {"year": year},
    ).all()
