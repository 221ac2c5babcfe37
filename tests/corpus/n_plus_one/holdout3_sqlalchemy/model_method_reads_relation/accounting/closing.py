from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from accounting.models import Ledger


def trial_balance(session: Session) -> dict[str, Decimal]:
    ledgers = session.scalars(select(Ledger).order_by(Ledger.code)).all()
    return {ledger.code: ledger.balance() for ledger in ledgers}  # expect: ORM101


def trial_balance_fast(session: Session) -> dict[str, Decimal]:
    ledgers = session.scalars(select(Ledger).options(selectinload(Ledger.entries))).all()
    return {ledger.code: ledger.balance() for ledger in ledgers}
