import datetime as dt

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Vehicle(Base):
    __tablename__ = "vehicles"

    id: Mapped[int] = mapped_column(primary_key=True)
    plate: Mapped[str] = mapped_column(String(12))
    weight_kg: Mapped[float]
    fuel_consumption_l_per_100km: Mapped[float] = mapped_column(Float)


class Trip(Base):
    __tablename__ = "trips"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    start_lat: Mapped[float]
    start_lng: Mapped[float]
    distance_km: Mapped[float] = mapped_column(Float, default=0)
    duration_seconds: Mapped[float]
    driver_score: Mapped[float | None]
    tax_rate: Mapped[float] = mapped_column(Float, default=0.19)
    discount_percent: Mapped[float] = mapped_column(Float, default=0)
    started_at: Mapped[dt.datetime]
