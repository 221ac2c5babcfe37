from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Thread(Base):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str]
    replies: Mapped[list["Reply"]] = relationship(back_populates="thread", order_by="Reply.created_at")


class Reply(Base):
    __tablename__ = "replies"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    body: Mapped[str]
    created_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    thread: Mapped[Thread] = relationship(back_populates="replies")
