from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Warehouse(Base):
    __tablename__ = "warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str]
    bins: Mapped[list["Bin"]] = relationship(back_populates="warehouse")


class Bin(Base):
    __tablename__ = "bins"
    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    label: Mapped[str]
    capacity: Mapped[int]
    warehouse: Mapped[Warehouse] = relationship(back_populates="bins")
