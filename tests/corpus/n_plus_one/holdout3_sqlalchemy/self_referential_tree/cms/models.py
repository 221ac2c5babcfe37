from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id"))

    parent: Mapped[Page | None] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list[Page]] = relationship(back_populates="parent", order_by="Page.slug")
