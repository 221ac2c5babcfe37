from pydantic import BaseModel


class CustomerIn(BaseModel):
    email: str
    tier: str = "basic"


class ProductRef(BaseModel):
    sku: str
    name: str | None = None


class LineIn(BaseModel):
    product: ProductRef
    quantity: int = 1


class OrderIn(BaseModel):
    customer: CustomerIn
    lines: list[LineIn]
