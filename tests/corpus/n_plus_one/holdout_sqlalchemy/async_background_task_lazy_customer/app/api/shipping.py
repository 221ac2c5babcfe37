from datetime import datetime, timezone

from fastapi import APIRouter, BackgroundTasks
from sqlalchemy import select

from app.database import async_session_factory
from app.mail import send_mail
from app.models import Order

router = APIRouter()


async def notify_shipped(order_ids: list[int]) -> None:
    async with async_session_factory() as s:
        orders = (await s.scalars(select(Order).where(Order.id.in_(order_ids)))).all()
        for order in orders:
            await send_mail(order.customer.email, f"Order #{order.id} shipped")  # expect: ORM103
            order.notified = True
        await s.commit()


@router.post("/shipments")
async def ship(order_ids: list[int], background_tasks: BackgroundTasks):
    async with async_session_factory() as s:
        for order in (await s.scalars(select(Order).where(Order.id.in_(order_ids)))):
            order.shipped_at = datetime.now(timezone.utc)
        await s.commit()
    background_tasks.add_task(notify_shipped, order_ids)
    return {"queued": len(order_ids)}
