import time

from django.db import OperationalError, transaction

from wallets.models import Wallet

MAX_ATTEMPTS = 3


def debit(wallet_id, amount):
    # Retries on lock timeouts: at most three attempts, independent of any data size.
    for attempt in range(3):
        try:
            with transaction.atomic():
                wallet = Wallet.objects.select_for_update().get(pk=wallet_id)
                if wallet.balance < amount:
                    raise ValueError("insufficient funds")
                wallet.balance -= amount
                wallet.save(update_fields=["balance"])
            return wallet
        except OperationalError:
            time.sleep(0.05 * 2**attempt)
    raise RuntimeError("wallet is locked, try again later")
