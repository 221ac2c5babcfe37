from decimal import Decimal

from pydantic import BaseModel
from tortoise.transactions import in_transaction

from shop.models import Cart, CartLine, Product


class LineIn(BaseModel):
    sku: str
    qty: int


async def fill_cart(cart: Cart, lines: list[LineIn]) -> Decimal:
    products = {p.sku: p for p in await Product.filter(sku__in=[line.sku for line in lines])}
    new_lines = [
        CartLine(cart=cart, product=products[line.sku], qty=line.qty)
        for line in lines
        if line.sku in products
    ]
    async with in_transaction():
        await CartLine.bulk_create(new_lines)
    return sum((products[line.sku].price * line.qty for line in lines if line.sku in products), Decimal("0"))


async def cart_summary(cart_id: int) -> list[str]:
    lines = await CartLine.filter(cart_id=cart_id).select_related("product")
    return [f"{line.qty} x {line.product.sku} @ {line.product.price}" for line in lines]
