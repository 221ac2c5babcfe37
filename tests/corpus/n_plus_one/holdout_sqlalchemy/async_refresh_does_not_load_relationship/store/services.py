from decimal import Decimal

from store.database import async_session
from store.models import Cart


async def checkout(cart_id: int) -> Decimal:
    async with async_session() as session:
        cart = await session.get(Cart, cart_id)
        cart.status = "checked_out"
        await session.commit()
        await session.refresh(cart)
        total = Decimal(0)
        for item in cart.items:  # expect: ORM103
            total += item.unit_price * item.quantity
        return total


async def cart_status(cart_id: int) -> str:
    async with async_session() as session:
        cart = await session.get(Cart, cart_id)
        await session.commit()
        return cart.status  # expect: ORM103
