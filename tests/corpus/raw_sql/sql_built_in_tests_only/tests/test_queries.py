import pytest
from sqlalchemy import create_engine, text

from reports.queries import revenue_by_month


@pytest.fixture
def conn():
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (year INT, month INT, amount NUMERIC)"))
        yield conn


@pytest.mark.parametrize("month,amount", [(1, 10), (2, 25)])
def test_revenue_by_month(conn, month, amount):
    conn.execute(text(f"INSERT INTO invoices VALUES (2024, {month}, {amount})"))
    name = "invoices"
    assert conn.execute(text(f"SELECT COUNT(*) FROM {name} WHERE month = '{month}'")).scalar() == 1
    assert revenue_by_month(conn, 2024) == [(month, amount)]
