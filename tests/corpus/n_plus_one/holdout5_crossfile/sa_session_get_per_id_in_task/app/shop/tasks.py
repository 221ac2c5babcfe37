import sqlalchemy as sa
from celery import shared_task

from app.db import SessionLocal
from app.shop import models as m
from app.shop.items import Item

BATCH = 100


@shared_task
def reconcile(order_ids: list[int]) -> dict[int, int]:
    result = {}
    with SessionLocal() as s:
        for oid in order_ids[:BATCH]:
            order = s.get(m.Order, oid)  # expect: ORM102
            if order is None:
                continue
            result[oid] = s.scalar(
                sa.select(sa.func.count()).select_from(Item).where(Item.order_id == oid)
            )
    return result
