from decimal import Decimal

from django.db import transaction

from wallet.models import Account


class InsufficientFunds(Exception):
    pass


def withdraw(account_id: int, amount: Decimal) -> Decimal:
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account_id)
        if account.balance < amount:
            raise InsufficientFunds(account_id)
        account.balance -= amount
        account.save(update_fields=["balance"])
    return account.balance


@transaction.atomic
def transfer(source_id: int, target_id: int, amount: Decimal) -> None:
    accounts = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=[source_id, target_id]).order_by("pk")}
    accounts[source_id].balance -= amount
    accounts[target_id].balance += amount
    Account.objects.bulk_update(accounts.values(), ["balance"])
