from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ledger.models import Account


def balances(session: Session) -> dict[str, object]:
    result = {}
    for account in session.scalars(select(Account).order_by(Account.name)).all():
        balance = session.execute(text("SELECT coalesce(sum(amount), 0) FROM ledger WHERE account_id = :id"), {"id": account.id}).scalar_one()  # expect: ORM102
        result[account.name] = balance
    return result
