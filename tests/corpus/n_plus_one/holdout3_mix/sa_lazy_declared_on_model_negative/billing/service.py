from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Account, Invoice


class BillingService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def statement(self) -> list[tuple[str, Decimal]]:
        invoices = self.session.scalars(sa.select(Invoice)).unique().all()
        return [(inv.account.name, sum(ln.amount for ln in inv.lines)) for inv in invoices]

    def open_counts(self) -> dict[str, int]:
        counts = {}
        for account in self.session.scalars(sa.select(Account)):
            counts[account.name] = len(account.invoices)
        return counts
