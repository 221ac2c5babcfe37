from shop.models import Order


async def revenue_by_customer() -> dict[str, int]:
    orders = await Order.filter(status="paid")
    await Order.fetch_for_list(orders, "customer")
    totals: dict[str, int] = {}
    for order in orders:
        key = order.customer.email
        totals[key] = totals.get(key, 0) + order.total_cents
    return totals


async def order_rows() -> list[tuple[int, int, str]]:
    rows = await Order.all().values("id", "customer_id", "status")
    return [(r["id"], r["customer_id"], r["status"]) for r in rows]


async def customer_ids_for_status(status: str) -> set[int]:
    return {o.customer_id for o in await Order.filter(status=status)}
