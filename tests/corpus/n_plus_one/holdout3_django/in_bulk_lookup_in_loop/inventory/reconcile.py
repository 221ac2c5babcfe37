from collections.abc import Iterable

from inventory.models import StockItem


def diff_counts(counted: Iterable[tuple[str, int]]) -> list[dict]:
    counted = list(counted)
    by_sku = StockItem.objects.select_related("warehouse").in_bulk(
        [sku for sku, _ in counted], field_name="sku"
    )
    report = []
    for sku, qty in counted:
        if (item := by_sku.get(sku)) is None:
            report.append({"sku": sku, "error": "unknown"})
            continue
        if item.quantity != qty:
            report.append(
                {"sku": sku, "wh": item.warehouse.code, "system": item.quantity, "counted": qty}
            )
    return report
