from decimal import Decimal

from pydantic import BaseModel
from tortoise.exceptions import DoesNotExist

from shop.models import Cart, CartLine, Product


class LineIn(BaseModel):
    sku: str
    qty: int


async def fill_cart(cart: Cart, lines: list[LineIn]) -> Decimal:
    total = Decimal("0")
    for line in lines:
        try:
            product = await Product.get(sku=line.sku)  # expect: ORM102
        except DoesNotExist:
            continue
        await CartLine.create(cart=cart, product=product, qty=line.qty)
        total += product.price * line.qty
    return total


async def known_skus(skus: list[str]) -> list[str]:
    found = []
    for sku in skus:
        if (p := await Product.get_or_none(sku=sku)) is not None:  # expect: ORM102
            found.append(p.sku)
    return found
