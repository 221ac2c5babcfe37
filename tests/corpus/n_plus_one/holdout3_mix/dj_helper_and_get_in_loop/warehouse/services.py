from warehouse.models import Sku, StockLevel


def _level_for(sku_code: str) -> StockLevel | None:
    return StockLevel.objects.filter(sku__code=sku_code).first()


def reserve(cart: list[dict]) -> list[str]:
    missing = []
    for item in cart:
        level = _level_for(item["sku"])  # expect: ORM102
        if level is None or level.quantity < item["qty"]:
            missing.append(item["sku"])
            continue
        level.quantity -= item["qty"]
        level.save(update_fields=["quantity"])
    return missing


def skus_for(codes: list[str]) -> list[Sku]:
    return [Sku.objects.get(code=c) for c in codes]  # expect: ORM102
