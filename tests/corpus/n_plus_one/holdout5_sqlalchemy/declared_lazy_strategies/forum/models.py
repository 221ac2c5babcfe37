from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str] = mapped_column(String(30))


class Board(Base):
    __tablename__ = "boards"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    threads: Mapped[list["Thread"]] = relationship(back_populates="board", lazy="selectin")


class Thread(Base):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str]
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    starter_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    board: Mapped[Board] = relationship(back_populates="threads", lazy="joined")
    starter: Mapped[Member] = relationship(lazy="joined", innerjoin=True)
    replies: Mapped[list["Reply"]] = relationship(lazy="subquery", order_by="Reply.id")


class Reply(Base):
    __tablename__ = "replies"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    author: Mapped[Member] = relationship(lazy="raise")
    text: Mapped[str]
