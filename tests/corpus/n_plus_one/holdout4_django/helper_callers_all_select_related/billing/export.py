import csv
from collections.abc import Iterable
from typing import IO

from billing.models import Invoice

HEADER = ("number", "issued", "account", "vat", "total")


def write_invoice_rows(out: IO[str], invoices: Iterable[Invoice]) -> int:
    """Callers always pass a queryset built with select_related("account")."""
    writer = csv.writer(out)
    writer.writerow(HEADER)
    n = 0
    for inv in invoices:
        writer.writerow((inv.number, inv.issued.isoformat(), inv.account.name, inv.account.vat_number, inv.total))
        n += 1
    return n
