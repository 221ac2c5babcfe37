import csv

from django.db import transaction

from ledger.models import Entry


def import_statement(path: str) -> int:
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    transaction.set_autocommit(False)  # expect: ORM301
    for row in rows:
        Entry.objects.create(account=row["iban"], amount=row["amount"], booked_on=row["date"])
    transaction.commit()
    transaction.set_autocommit(True)
    return len(rows)
