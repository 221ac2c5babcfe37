from shop.models import Order


async def invoice_lines() -> list[tuple[str, list[str]]]:
    orders = await Order.filter(total__gt=0).prefetch_related("customer", "items")
    return [(o.customer.name, [i.sku for i in o.items]) for o in orders]


async def customer_ids() -> list[int]:
    return [o.customer_id for o in await Order.all()]


async def names_by_order() -> dict[int, str]:
    rows = await Order.all().values("id", "customer__name")
    return {r["id"]: r["customer__name"] for r in rows}


async def print_customers() -> None:
    for o in await Order.all().select_related("customer"):
        print(o.id, o.customer.name)
