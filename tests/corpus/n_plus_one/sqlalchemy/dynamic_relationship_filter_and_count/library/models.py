from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, DynamicMapped, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Reader(Base):
    __tablename__ = "readers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    loans: DynamicMapped["Loan"] = relationship(back_populates="reader", lazy="dynamic")


class Loan(Base):
    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    due: Mapped[date]
    returned: Mapped[bool] = mapped_column(default=False)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"))
    reader: Mapped[Reader] = relationship(back_populates="loans")
