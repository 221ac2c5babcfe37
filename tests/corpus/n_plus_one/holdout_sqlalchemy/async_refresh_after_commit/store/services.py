from dataclasses import dataclass

from store.database import async_session
from store.models import Cart, CartItem


@dataclass
class CartView:
    id: int
    status: str
    skus: list[str]


async def open_cart(owner_id: int) -> CartView:
    async with async_session() as session:
        cart = Cart(owner_id=owner_id)
        session.add(cart)
        await session.commit()
        await session.refresh(cart)
        return CartView(id=cart.id, status=cart.status, skus=[])


async def add_item(cart_id: int, sku: str, qty: int) -> CartView:
    async with async_session() as sess:
        cart = await sess.get(Cart, cart_id)
        sess.add(CartItem(cart_id=cart_id, sku=sku, quantity=qty, unit_price=0))
        await sess.commit()
        await sess.refresh(cart, attribute_names=["status", "items"])
        return CartView(id=cart_id, status=cart.status, skus=[i.sku for i in cart.items])
