import os
import unittest

import psycopg2
import pytest

from reports.queries import monthly_totals


class MonthlyTotalsTest(unittest.TestCase):
    def setUp(self):
        self.conn = psycopg2.connect(os.environ["TEST_DATABASE_URL"])
        self.addCleanup(self.conn.rollback)

    def tearDown(self):
        self.conn.close()

    def test_empty_year(self):
        self.assertEqual(monthly_totals(self.conn, 1999), [])


@pytest.fixture
def conn():
    connection = psycopg2.connect(os.environ["TEST_DATABASE_URL"])
    yield connection
    connection.rollback()
    connection.close()


def test_no_invoices(conn):
    assert monthly_totals(conn, 1998) == []
