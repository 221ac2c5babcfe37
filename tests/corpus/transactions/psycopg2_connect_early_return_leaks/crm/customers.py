import os
from dataclasses import dataclass

import psycopg2

DSN = os.environ["CRM_DSN"]


@dataclass
class Customer:
    id: int
    name: str
    email: str


def get_customer(customer_id: int) -> Customer | None:
    conn = psycopg2.connect(DSN)  # expect: ORM301
    cur = conn.cursor()
    cur.execute("SELECT id, name, email FROM customers WHERE id = %s", (customer_id,))
    row = cur.fetchone()
    if row is None:
        return None
    conn.close()
    return Customer(*row)
