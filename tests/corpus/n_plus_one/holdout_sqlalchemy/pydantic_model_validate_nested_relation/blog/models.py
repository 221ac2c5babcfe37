from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Writer(Base):
    __tablename__ = "writers"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str]


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    writer_id: Mapped[int] = mapped_column(ForeignKey("writers.id"))
    writer: Mapped[Writer] = relationship()
