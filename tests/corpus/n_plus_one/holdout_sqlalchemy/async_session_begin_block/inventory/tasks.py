import logging

from sqlalchemy import select

from inventory.db import Session
from inventory.models import Bin, Warehouse

log = logging.getLogger(__name__)


async def restock(warehouse_id: int, amount: int) -> str:
    async with Session() as session:
        async with session.begin():
            warehouse = await session.get(Warehouse, warehouse_id)
            for b in warehouse.bins:
                b.quantity += amount
            log.info("restocking %s", warehouse.code)
        return warehouse.code  # expect: ORM103


async def empty_bins(warehouse_id: int) -> list[str]:
    async with Session() as session:
        async with session.begin():
            rows = await session.scalars(select(Bin).where(Bin.warehouse_id == warehouse_id, Bin.quantity == 0))
            labels = [b.label for b in rows]
        return labels
