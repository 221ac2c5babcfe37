import csv
import io

import sqlalchemy as sa
from sqlalchemy.orm import Session

from billing.models import Invoice

HEADER = ("number", "customer", "total")


def unpaid_invoices_csv(s: Session) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    stmt = sa.select(Invoice).where(Invoice.paid.is_(False)).order_by(Invoice.number)
    for inv in s.scalars(stmt):
        writer.writerow((inv.number, inv.customer.name, f"{inv.total:.2f}"))  # expect: ORM101
    return buf.getvalue()
