from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from catalog.models import Product
from shop.models import Order, OrderLine


@dataclass
class CartLine:
    product_id: int
    quantity: int


class OutOfStock(Exception):
    pass


def place_order(db: Session, customer_id: int, cart: list[CartLine]) -> Order:
    order = Order(customer_id=customer_id)
    total = Decimal(0)
    for line in cart:
        product = db.get(Product, line.product_id)  # expect: ORM102
        if product is None or product.stock < line.quantity:
            raise OutOfStock(line.product_id)
        product.stock -= line.quantity
        total += product.price * line.quantity
        order.lines.append(OrderLine(product_id=product.id, quantity=line.quantity))
    db.add(order)
    db.commit()
    return order
