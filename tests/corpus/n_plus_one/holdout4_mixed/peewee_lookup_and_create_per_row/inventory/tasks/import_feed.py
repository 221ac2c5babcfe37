import csv
import logging
from pathlib import Path

from inventory.models import Category, Product, db

log = logging.getLogger(__name__)


def import_feed(path: Path) -> int:
    created = 0
    with path.open(newline="") as fh, db.atomic():
        for row in csv.DictReader(fh):
            category = Category.get_or_none(Category.slug == row["category"])  # expect: ORM102
            if category is None:
                log.warning("unknown category %s", row["category"])
                continue
            Product.create(sku=row["sku"], name=row["name"], category=category)
            created += 1
    return created


def relabel(ids: list[int], suffix: str) -> None:
    for pk in ids:
        cat = Category.get_by_id(pk)  # expect: ORM102
        cat.label = f"{cat.label} {suffix}"
        cat.save()
