import logging
import os

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from shop.models import Order

DEBUG = os.environ.get("SHOP_DEBUG") == "1"
log = logging.getLogger("shop.jobs")


def close_stale_orders(sess: Session, ids: list[int]) -> int:
    if DEBUG:
        total = sess.scalar(sa.select(sa.func.count()).select_from(Order))
        log.debug("closing %d of %d orders", len(ids), total)
    orders = sess.scalars(
        sa.select(Order).where(Order.id.in_(ids)).options(selectinload(Order.customer))
    ).all()
    for order in orders:
        order.status = "closed"
        if order.customer.tier == "vip":
            log.info("vip order %s closed", order.id)
    try:
        sess.flush()
    except IntegrityError:
        sess.rollback()
        for order_id in ids:
            log.error("could not close order %s", order_id)
        raise
    return len(orders)

