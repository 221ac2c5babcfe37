import csv
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Category, Product


def export_products(session: Session, out: IO[str]) -> None:
    writer = csv.writer(out)
    for product in session.scalars(select(Product)).unique():
        writer.writerow(
            [
                product.sku,
                product.brand.name,
                product.category.name,
                ";".join(img.url for img in product.images),
            ]
        )


def category_sizes(session: Session) -> dict[str, int]:
    return {c.name: len(c.products) for c in session.scalars(select(Category))}
