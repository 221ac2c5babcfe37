import datetime as dt

from sqlalchemy import REAL, ForeignKey, String
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Seller(Base):
    __tablename__ = "sellers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))


class Payout(Base):
    __tablename__ = "payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    payout: Mapped[float] = mapped_column(REAL)  # expect: ORM501
    refund_total: Mapped[float] = mapped_column(DOUBLE_PRECISION, default=0)  # expect: ORM501
    paid_on: Mapped[dt.date]
