from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.models import Invoice


class InvoiceTotals:
    def __init__(self, session: Session):
        self.session = session

    def compute(self, numbers: list[str]) -> dict[str, Decimal]:
        stmt = (
            select(Invoice)
            .where(Invoice.number.in_(numbers))
            .options(selectinload(Invoice.lines))
        )
        totals = {}
        for inv in self.session.scalars(stmt):
            totals[inv.number] = sum((ln.amount for ln in inv.lines), Decimal("0"))
            # the back-reference is the parent already in the session: no SQL emitted
            assert all(ln.invoice is inv for ln in inv.lines)
        return totals
