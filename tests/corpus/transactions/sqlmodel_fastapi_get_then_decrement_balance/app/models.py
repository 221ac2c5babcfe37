from decimal import Decimal

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(index=True)
    balance: Decimal = Field(default=Decimal("0"), max_digits=14, decimal_places=2)


class Withdrawal(SQLModel):
    amount: Decimal
