from catalog.models import PriceHistory, Product


def _current_price(product_id: int) -> int | None:
    row = (
        PriceHistory.objects.filter(product_id=product_id)
        .order_by("-valid_from")
        .first()
    )
    return row.amount_cents if row else None


def _format(cents: int | None) -> str:
    return "n/a" if cents is None else f"{cents / 100:.2f}"


class PriceSheet:
    def __init__(self, skus: list[str]):
        self.skus = skus

    def build(self) -> dict[str, str]:
        sheet = {}
        for product in Product.objects.filter(sku__in=self.skus):
            cents = _current_price(product.id)  # expect: ORM102
            sheet[product.sku] = _format(cents)
        return sheet
