from billing.models import Customer, Invoice


async def invoice_digest(customer_ids: list[int]) -> list[dict]:
    invoices = await Invoice.filter(customer_id__in=customer_ids).prefetch_related(
        "customer", "items__product"
    )
    digest = []
    for inv in invoices:
        digest.append({
            "number": inv.number,
            "customer": inv.customer.name,
            "customer_id": inv.customer_id,
            "skus": [item.product.sku for item in inv.items],
        })
    return digest


async def vip_names() -> list[str]:
    customers = await Customer.filter(vip=True)
    numbers = dict(await Invoice.all().values_list("customer_id", "number"))
    return [f"{c.name} ({numbers.get(c.id, '-')})" for c in customers]
