from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.db import async_session
from app.models import Customer, Order


class CustomerService:
    async def create(self, email: str, tier: str = "basic") -> dict:
        async with async_session() as session:
            customer = Customer(email=email, tier=tier)
            session.add(customer)
            await session.commit()
            # expire_on_commit=False: attributes stay loaded after commit
            return {"id": customer.id, "email": customer.email, "tier": customer.tier}

    async def order_counts(self, emails: list[str]) -> dict[str, int]:
        async with async_session() as session:
            customers = (await session.scalars(select(Customer).where(Customer.email.in_(emails)))).all()
            result = {}
            for customer in customers:
                orders = await customer.awaitable_attrs.orders  # expect: ORM101
                result[customer.email] = len(orders)
            return result

    async def order_owner(self, order_id: int) -> str | None:
        async with async_session() as session:
            order = await session.get(Order, order_id, options=[joinedload(Order.customer)])
            return order.customer.email if order else None
