from django.db import transaction

from ledger.models import Entry


def import_entries(rows: list[dict]) -> None:
    transaction.set_autocommit(False)
    try:
        Entry.objects.bulk_create(Entry(account=r["account"], amount=r["amount"]) for r in rows)
        transaction.commit()
    except Exception:
        transaction.rollback()
        raise
    finally:
        transaction.set_autocommit(True)
