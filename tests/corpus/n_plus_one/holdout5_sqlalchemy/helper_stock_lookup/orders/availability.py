import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory.models import Product, StockLevel
from orders.models import OrderLine

log = logging.getLogger(__name__)


def _available(session: Session, product_id: int) -> int:
    stmt = select(func.coalesce(func.sum(StockLevel.quantity), 0)).where(
        StockLevel.product_id == product_id
    )
    return session.scalar(stmt)


def shortages(session: Session, order_id: int) -> list[str]:
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order_id)).all()
    missing = []
    for line in lines:
        if _available(session, line.product_id) < line.qty:  # expect: ORM102
            product = session.get(Product, line.product_id)
            log.info("short on %s", product.sku)
            missing.append(product.name)
    return missing
