from sqlalchemy import text
from sqlalchemy.engine import Connection


def totals_for_countries(conn: Connection, countries: list[str]):
    joined = "', '".join(countries)
    stmt = text(f"SELECT country, sum(amount) FROM orders WHERE country IN ('{joined}') GROUP BY country")  # expect: ORM201
    return conn.execute(stmt).all()
