from decimal import Decimal

from sqlmodel import Field, SQLModel


class ProductBase(SQLModel):
    name: str
    sku: str = Field(index=True)


class Product(ProductBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    price: Decimal = Field(max_digits=10, decimal_places=2)


class ProductRead(ProductBase):
    id: int
    price: float


class PriceQuote(SQLModel):
    sku: str
    total: float
