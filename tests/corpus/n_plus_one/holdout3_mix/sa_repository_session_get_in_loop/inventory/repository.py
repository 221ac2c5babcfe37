from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from inventory.models import Product


class ProductRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def price_of(self, sku: str) -> Decimal | None:
        return self.session.scalar(select(Product.price).where(Product.sku == sku))

    def report(self, skus: list[str]) -> dict[str, Decimal | None]:
        prices = {}
        for sku in skus:
            prices[sku] = self.price_of(sku)  # expect: ORM102
        return prices

    def load_many(self, ids: list[int]) -> list[Product | None]:
        return [self.session.get(Product, i) for i in ids]  # expect: ORM102


def touch_all(sess: Session, ids: list[int]) -> None:
    for pid in ids:
        sess.execute(update(Product).where(Product.id == pid).values(touched=True))  # expect: ORM102
    sess.commit()
