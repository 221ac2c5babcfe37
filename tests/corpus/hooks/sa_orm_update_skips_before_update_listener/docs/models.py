import datetime as dt

from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime | None]


@event.listens_for(Page, "before_update")
def bump_revision(mapper, connection, target: Page) -> None:
    target.revision += 1
    target.updated_at = dt.datetime.now(dt.timezone.utc)
