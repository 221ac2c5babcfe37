from fastapi import APIRouter, BackgroundTasks
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.database import async_session_factory
from app.mail import send_mail
from app.models import Customer, Order

router = APIRouter()


async def notify_shipped(order_ids: list[int]) -> None:
    async with async_session_factory() as s:
        stmt = select(Order).options(joinedload(Order.customer)).where(Order.id.in_(order_ids))
        orders = (await s.scalars(stmt)).all()
        for order in orders:
            await send_mail(order.customer.email, f"Order #{order.id} shipped")
            order.notified = True
        await s.commit()


async def remind_customer(customer_id: int) -> None:
    async with async_session_factory() as s:
        customer = await s.get(Customer, customer_id)
        pending = [o for o in await customer.awaitable_attrs.orders if o.shipped_at is None]
        if pending:
            await send_mail(customer.email, f"{len(pending)} orders pending")


@router.post("/customers/{customer_id}/remind")
async def remind(customer_id: int, background_tasks: BackgroundTasks):
    background_tasks.add_task(remind_customer, customer_id)
    return {"queued": True}
