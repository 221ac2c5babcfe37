from decimal import Decimal

from sqlalchemy.orm import Session

from pricing.models import Product


def _unit_price(sess: Session, product_id: int) -> Decimal:
    product = sess.get(Product, product_id)
    if product is None:
        raise LookupError(product_id)
    return product.price


def quote(sess: Session, basket: list[dict]) -> Decimal:
    total = Decimal("0")
    for line in basket:
        total += _unit_price(sess, line["product_id"]) * line["qty"]  # expect: ORM102
    return total


def skus(sess: Session, ids: list[int]) -> list[str]:
    return [sess.get(Product, pk).sku for pk in ids]  # expect: ORM102
