from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from library.models import Loan, Reader


def overdue_notices(session: Session, today: date) -> list[str]:
    notices = []
    for reader in session.scalars(select(Reader)):
        overdue = reader.loans.filter(Loan.returned.is_(False), Loan.due < today).all()  # expect: ORM101
        if not overdue:
            continue
        total = reader.loans.count()
        notices.append(f"{reader.name}: {len(overdue)} overdue of {total} loans")
    return notices
