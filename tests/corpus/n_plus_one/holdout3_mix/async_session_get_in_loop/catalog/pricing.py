from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product


@dataclass(frozen=True)
class PriceRow:
    product_id: int
    price: Decimal


async def apply_feed(session: AsyncSession, feed: list[PriceRow]) -> None:
    for row in feed:
        product = await session.get(Product, row.product_id)  # expect: ORM102
        if product is None:
            continue
        product.price = row.price
    await session.commit()


async def counts(session: AsyncSession, category_ids: list[int]) -> dict[int, int]:
    totals: dict[int, int] = {}
    for cat_id in category_ids:
        totals[cat_id] = await session.scalar(  # expect: ORM102
            select(func.count(Product.id)).where(Product.category_id == cat_id)
        )
    return totals
