import psycopg


class InvoiceRepo:
    def __init__(self, dsn: str):
        self.dsn = dsn

    def invoices_for(self, customer: str):
        with psycopg.connect(self.dsn) as conn:
            return conn.execute(
                "SELECT id, amount FROM invoices WHERE customer = '{}'".format(customer)  # expect: ORM201
            ).fetchall()
