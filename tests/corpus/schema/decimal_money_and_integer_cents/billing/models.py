from decimal import Decimal

from sqlalchemy import BigInteger, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    balance: Mapped[Decimal] = mapped_column(Numeric(12, 2, asdecimal=True), default=Decimal("0"))
    tax_amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
