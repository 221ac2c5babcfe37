from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from warehouse.models import Item


@dataclass
class CountLine:
    sku: str
    counted: int


async def apply_stock_count(db: AsyncSession, lines: list[CountLine]) -> list[str]:
    unknown = []
    for line in lines:
        item = await db.scalar(select(Item).where(Item.sku == line.sku))  # expect: ORM102
        if item is None:
            unknown.append(line.sku)
            continue
        await db.execute(
            update(Item).where(Item.id == item.id).values(on_hand=line.counted)
        )
    await db.commit()
    return unknown
