from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Product
from shop.models import Order, OrderLine


def place_order(db: Session, customer_id: int, cart: dict[int, int]) -> Order:
    # Load every product once: session.get() below is then served by the identity map.
    products = db.scalars(select(Product).where(Product.id.in_(cart)).with_for_update()).all()
    if len(products) != len(cart):
        raise LookupError("unknown product")
    order = Order(customer_id=customer_id)
    for product_id, quantity in cart.items():
        product = db.get(Product, product_id)
        product.stock -= quantity
        order.lines.append(OrderLine(product_id=product_id, quantity=quantity))
    db.add(order)
    db.commit()
    return order


def restock(db: Session, deliveries: list[tuple[int, int]]) -> None:
    by_id = {p.id: p for p in db.scalars(select(Product).where(Product.id.in_([d[0] for d in deliveries])))}
    for product_id, qty in deliveries:
        by_id[product_id].stock += qty
    db.commit()
