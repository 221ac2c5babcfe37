import psycopg2
import psycopg2.extras


class InvoiceRepository:
    def __init__(self, dsn: str):
        self.conn = psycopg2.connect(dsn, cursor_factory=psycopg2.extras.RealDictCursor)

    def by_customer(self, customer_ref: str):
        with self.conn.cursor() as cur:
            cur.execute("SELECT * FROM invoices WHERE customer_ref = '%s' ORDER BY issued_on" % customer_ref)  # expect: ORM201
            return cur.fetchall()

    def by_number(self, number: str):
        with self.conn.cursor() as cur:
            cur.execute("SELECT * FROM invoices WHERE number = %s", (number,))
            return cur.fetchone()

    def close(self) -> None:
        self.conn.close()
