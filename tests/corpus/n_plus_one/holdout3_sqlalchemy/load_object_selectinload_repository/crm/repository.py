from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Load, Session

from .models import Account


class AccountRepository:
    def __init__(self, session: Session):
        self.session = session

    def with_contacts(self) -> Iterator[Account]:
        stmt = select(Account).options(
            Load(Account).selectinload(Account.contacts),
            Load(Account).joinedload(Account.owner),
        )
        yield from self.session.scalars(stmt)

    def mailing_list(self) -> list[tuple[str, str, str]]:
        rows = []
        for account in self.with_contacts():
            for contact in account.contacts:
                rows.append((account.name, account.owner.login, contact.email))
        return rows
