import psycopg2
import pytest


@pytest.fixture
def raw_conn():
    conn = psycopg2.connect("host=postgres dbname=test_shop user=test password=test")
    yield conn
    conn.close()
