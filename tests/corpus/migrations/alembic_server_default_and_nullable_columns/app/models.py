import datetime as dt

from sqlalchemy import String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[str] = mapped_column(String(10), server_default="normal")
    reopened: Mapped[bool] = mapped_column(server_default="false")
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    assignee: Mapped[str | None] = mapped_column(String(80))
