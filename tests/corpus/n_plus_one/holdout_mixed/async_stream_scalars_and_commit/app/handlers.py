import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.database import SessionFactory
from app.models import Customer, Order


async def export_open_orders(writer) -> int:
    n = 0
    async with SessionFactory() as sess:
        stream = await sess.stream_scalars(sa.select(Order).where(Order.status == "new"))
        async for order in stream:
            await writer.write(f"{order.id};{order.customer_id};{order.customer.email}\n")  # expect: ORM103
            n += 1
    return n


async def export_with_lines(writer) -> None:
    async with SessionFactory() as sess:
        stmt = sa.select(Order).options(selectinload(Order.lines), selectinload(Order.customer))
        async for order in await sess.stream_scalars(stmt):
            skus = ",".join(str(line.product_id) for line in order.lines)
            await writer.write(f"{order.customer.email};{skus}\n")


async def register_customer(email: str) -> dict:
    async with SessionFactory() as sess:
        customer = Customer(email=email)
        sess.add(customer)
        await sess.commit()
        return {"id": customer.id, "email": customer.email}  # expect: ORM103
