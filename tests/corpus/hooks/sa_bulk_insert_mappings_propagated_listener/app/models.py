import datetime as dt

from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Audited:
    created_by: Mapped[str | None] = mapped_column(String(80))


@event.listens_for(Audited, "before_insert", propagate=True)
def stamp_creator(mapper, connection, target) -> None:
    from app.context import current_user

    target.created_by = current_user()


class Reading(Audited, Base):
    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sensor: Mapped[str] = mapped_column(String(40))
    taken_at: Mapped[dt.datetime]
    celsius: Mapped[float]
