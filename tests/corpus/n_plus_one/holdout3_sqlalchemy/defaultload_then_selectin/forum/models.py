from typing import List

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Board(Base):
    __tablename__ = "boards"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str]
    threads: Mapped[List["Thread"]] = relationship(back_populates="board")


class Thread(Base):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    subject: Mapped[str]
    board: Mapped[Board] = relationship(back_populates="threads")
    replies: Mapped[List["Reply"]] = relationship(back_populates="thread")


class Reply(Base):
    __tablename__ = "replies"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    body: Mapped[str] = mapped_column(Text)
    thread: Mapped[Thread] = relationship(back_populates="replies")
