from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.models import Product


def quote(sess: Session, basket: list[dict]) -> Decimal:
    ids = {line["product_id"] for line in basket}
    # warm the identity map with one IN query; session.get() below is then served from it
    loaded = sess.scalars(select(Product).where(Product.id.in_(ids))).all()
    if len(loaded) != len(ids):
        raise LookupError(ids - {p.id for p in loaded})
    total = Decimal("0")
    for line in basket:
        product = sess.get(Product, line["product_id"])
        total += product.price * line["qty"]
    return total
