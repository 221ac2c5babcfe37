from shop.models import Product


async def restock(deliveries: list[dict]) -> list[str]:
    skus = [d["sku"] for d in deliveries]
    products = {p.sku: p for p in await Product.filter(sku__in=skus)}
    missing = []
    for delivery in deliveries:
        product = products.get(delivery["sku"])
        if product is None:
            missing.append(delivery["sku"])
            continue
        product.stock += delivery["quantity"]
    await Product.bulk_update(list(products.values()), fields=["stock"])
    return missing


async def low_stock_report(threshold: int = 5) -> list[tuple[str, int]]:
    products = await Product.filter(stock__lte=threshold).order_by("stock")
    return [(p.sku, p.stock) for p in products]
