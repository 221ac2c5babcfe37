from django.db import transaction

from inventory.models import Item


@transaction.atomic
def import_rows(rows: list[dict]) -> int:
    existing = Item.objects.in_bulk([r["sku"] for r in rows], field_name="sku")
    to_create, to_update = [], []
    for row in rows:
        item = existing.get(row["sku"])
        if item is None:
            to_create.append(Item(sku=row["sku"], quantity=row["qty"]))
        else:
            item.quantity = row["qty"]
            to_update.append(item)
    Item.objects.bulk_create(to_create, batch_size=500)
    Item.objects.bulk_update(to_update, ["quantity"], batch_size=500)
    return len(to_create) + len(to_update)


def archive(skus: list[str]) -> int:
    return Item.objects.filter(sku__in=skus).update(archived=True)
