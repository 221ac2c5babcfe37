from fastapi import APIRouter, HTTPException

from app.db import SessionDep
from app.models import Account, Withdrawal

router = APIRouter(prefix="/accounts")


@router.post("/{account_id}/withdraw", response_model=Account)
def withdraw(account_id: int, body: Withdrawal, session: SessionDep):
    account = session.get(Account, account_id)
    if account is None:
        raise HTTPException(status_code=404, detail="Account not found")
    if account.balance < body.amount:
        raise HTTPException(status_code=409, detail="Insufficient funds")
    account.balance -= body.amount  # expect: ORM304
    session.add(account)
    session.commit()
    session.refresh(account)
    return account
