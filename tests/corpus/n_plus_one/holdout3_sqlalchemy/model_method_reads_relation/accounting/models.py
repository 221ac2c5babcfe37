from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    ledger_id: Mapped[int] = mapped_column(ForeignKey("ledgers.id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class Ledger(Base):
    __tablename__ = "ledgers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str]
    entries: Mapped[list[LedgerEntry]] = relationship()

    def balance(self) -> Decimal:
        return sum((e.amount for e in self.entries), Decimal("0"))
