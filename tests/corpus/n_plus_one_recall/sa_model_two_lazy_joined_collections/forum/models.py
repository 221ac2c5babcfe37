from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


moderators = Table(
    "moderators",
    Base.metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("forum_id", Integer, ForeignKey("forums.id"), primary_key=True),
)

forum_groups = Table(
    "forum_groups",
    Base.metadata,
    Column("group_id", Integer, ForeignKey("groups.id"), primary_key=True),
    Column("forum_id", Integer, ForeignKey("forums.id"), primary_key=True),
)


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    primary_group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    primary_group: Mapped[Group] = relationship(uselist=False, lazy="joined")


class Forum(Base):
    __tablename__ = "forums"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    moderators: Mapped[list[User]] = relationship(secondary=moderators, lazy="joined")
    groups: Mapped[list[Group]] = relationship(secondary=forum_groups, lazy="joined")  # expect: ORM104
    topics: Mapped[list[Topic]] = relationship(back_populates="forum")


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    title: Mapped[str] = mapped_column(String(255))
    forum: Mapped[Forum] = relationship(back_populates="topics", lazy="joined")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(lazy="joined")
