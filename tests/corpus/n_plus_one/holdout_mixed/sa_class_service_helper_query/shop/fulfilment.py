from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from shop.models import Order, OrderLine, Product


def _product_by_sku(db: Session, sku: str) -> Product | None:
    return db.scalars(sa.select(Product).where(Product.sku == sku)).first()


class FulfilmentService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_lines(self, order_id: int, items: list[tuple[str, int]]) -> Order:
        order = self.session.get(Order, order_id)
        if order is None:
            raise LookupError(order_id)
        for sku, qty in items:
            product = _product_by_sku(self.session, sku)  # expect: ORM102
            if product is None:
                continue
            self.session.add(OrderLine(order_id=order.id, product_id=product.id, quantity=qty))
        self.session.flush()
        return order

    def reload_all(self, ids: list[int]) -> list[Order]:
        return [self.session.get(Order, i) for i in ids]  # expect: ORM102
