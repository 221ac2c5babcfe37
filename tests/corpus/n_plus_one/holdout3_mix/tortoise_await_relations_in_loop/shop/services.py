from shop.models import Order, Product


async def invoice_lines() -> list[tuple[str, list[str]]]:
    lines = []
    for order in await Order.filter(total__gt=0):
        customer = await order.customer  # expect: ORM101
        await order.fetch_related("items")  # expect: ORM101
        lines.append((customer.name, [i.sku for i in order.items]))
    return lines


async def restock(skus: list[str], amount: int) -> list[str]:
    unknown = []
    for sku in skus:
        product = await Product.get_or_none(sku=sku)  # expect: ORM102
        if product is None:
            unknown.append(sku)
    return unknown
