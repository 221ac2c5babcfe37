from django.db.models import prefetch_related_objects

from ledger.models import Account


def balances(holder_prefix: str) -> dict[str, int]:
    accounts = list(Account.objects.filter(holder__startswith=holder_prefix))
    if not accounts:
        return {}
    prefetch_related_objects(accounts, "entries")
    return {acc.holder: sum(e.amount_cents for e in acc.entries.all()) for acc in accounts}
