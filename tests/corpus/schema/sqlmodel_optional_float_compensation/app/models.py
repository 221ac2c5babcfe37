import datetime as dt

from sqlmodel import Field, SQLModel


class Employee(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    hired_on: dt.date
    compensation: float | None = None  # expect: ORM501
    monthly_cost: float = Field(default=0.0)  # expect: ORM501
    fte: float = Field(default=1.0, description="full-time equivalent, 0..1")
