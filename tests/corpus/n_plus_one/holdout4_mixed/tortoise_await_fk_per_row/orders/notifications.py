from orders.models import Order

SUBJECT = "Your order #{id} has shipped"


async def send_mail(to: str, subject: str) -> None: ...


async def notify_shipped() -> int:
    sent = 0
    orders = await Order.filter(status="shipped").order_by("id")
    for order in orders:
        customer = await order.customer  # expect: ORM101
        await send_mail(customer.email, SUBJECT.format(id=order.id))
        sent += 1
    return sent


async def shipped_customer_ids() -> list[int]:
    return [o.customer_id for o in await Order.filter(status="shipped")]
