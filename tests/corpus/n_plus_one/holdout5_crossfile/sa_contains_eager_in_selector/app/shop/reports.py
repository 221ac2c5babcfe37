import csv
import io

from .selectors import orders_of_tier


def export(db, prefix: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    for o in orders_of_tier(db, prefix):
        w.writerow([o.id, o.customer_id, o.customer.name, o.total])
    return buf.getvalue()
