from decimal import Decimal

import catalog.models
import shop.models


def cart_total(cart: shop.models.Cart) -> Decimal:
    return sum(
        (item.product.price * item.quantity for item in cart.items.all()),  # expect: ORM101
        Decimal("0"),
    )


def price_list() -> list[str]:
    products = catalog.models.Product.objects.select_related("brand").order_by("name")
    lines = []
    for p in products:
        lines.append(f"{p.brand.name} {p.name} [{p.category.title}]: {p.price}")  # expect: ORM101
    return lines
