from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bank.models import Account


def withdraw_locked(session: Session, account_id: int, amount: Decimal) -> None:
    with session.begin():
        account = session.get(Account, account_id, with_for_update=True)
        account.balance -= amount


def charge_fee_locked(session: Session, account_id: int, fee: Decimal) -> None:
    with session.begin():
        account = session.scalars(select(Account).where(Account.id == account_id).with_for_update()).one()
        account.overdraft_fees += fee


def deposit(session: Session, account_id: int, amount: Decimal) -> None:
    session.execute(update(Account).where(Account.id == account_id).values(balance=Account.balance + amount))
    session.commit()


def refund(session: Session, account_id: int, amount: Decimal) -> None:
    account = session.get(Account, account_id)
    account.balance = Account.balance + amount
    session.commit()
