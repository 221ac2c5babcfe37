from pricing.models import PriceEntry, Product


def _current_price(product_id):
    entry = (
        PriceEntry.objects.filter(product_id=product_id)
        .order_by("-valid_from")
        .values_list("amount", flat=True)
        .first()
    )
    return entry


def _money(value):
    return f"{value:.2f} EUR" if value is not None else "n/a"


def price_list(product_ids):
    lines = []
    for product_id in product_ids:
        price = _current_price(product_id)  # expect: ORM102
        lines.append((product_id, _money(price)))
    return lines
