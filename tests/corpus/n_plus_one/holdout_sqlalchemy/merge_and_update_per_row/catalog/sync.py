import logging
from typing import Iterable

from sqlalchemy import update
from sqlalchemy.orm import Session

from catalog.models import Product

log = logging.getLogger("catalog.sync")


def upsert_feed(session: Session, feed: Iterable[dict]) -> int:
    count = 0
    for row in feed:
        session.merge(Product(id=row["id"], sku=row["sku"], name=row["name"], price=row["price"]))  # expect: ORM102
        count += 1
    session.commit()
    return count


def apply_sales(session: Session, sold: dict[int, int]) -> None:
    for product_id, qty in sold.items():
        try:
            session.execute(  # expect: ORM102
                update(Product).where(Product.id == product_id).values(stock=Product.stock - qty)
            )
        except Exception:
            log.exception("could not update %s", product_id)
            raise
    session.commit()


def set_stock_bulk(session: Session, levels: dict[int, int]) -> None:
    session.execute(update(Product), [{"id": pid, "stock": qty} for pid, qty in levels.items()])
    session.commit()
