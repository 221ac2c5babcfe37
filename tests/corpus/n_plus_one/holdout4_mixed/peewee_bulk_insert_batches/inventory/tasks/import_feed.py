import csv
from pathlib import Path

from peewee import chunked

from inventory.models import Category, Product, db

BATCH_SIZE = 500


def import_feed(path: Path) -> int:
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    slugs = {row["category"] for row in rows}
    categories = {c.slug: c.id for c in Category.select(Category.id, Category.slug).where(Category.slug.in_(slugs))}
    payload = [
        {"sku": row["sku"], "name": row["name"], "category": categories.get(row["category"])}
        for row in rows
        if row["category"] in categories
    ]
    with db.atomic():
        for batch in chunked(payload, BATCH_SIZE):
            Product.insert_many(batch).execute()
    return len(payload)


def category_labels() -> dict[str, str]:
    return {c.slug: c.label for c in Category.select()}
