import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Sample(Base):
    __tablename__ = "samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    device: Mapped[str] = mapped_column(String(40))
    taken_at: Mapped[dt.datetime]
    value: Mapped[float]

    def __repr__(self) -> str:
        return f"Sample({self.device}, {self.taken_at})"
