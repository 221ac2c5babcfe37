import logging

from shop.models import Order

log = logging.getLogger(__name__)


async def notify_shipped(mailer) -> int:
    orders = await Order.filter(status="shipped").order_by("created_at")
    for order in orders:
        customer = await order.customer  # expect: ORM101
        await mailer.send(customer.email, f"Order #{order.id} is on its way")
    log.info("notified %d customers", len(orders))
    return len(orders)
