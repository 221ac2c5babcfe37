import csv
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from catalog.models import Product
from shop.models import Address

BATCH = 500


def import_products(s: Session, path: Path) -> int:
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        s.add(Product(sku=row["sku"], name=row["name"], price=row["price"], stock=int(row["stock"])))
    s.commit()
    return len(rows)


def import_addresses(s: Session, customer_id: int, cities: list[str]) -> None:
    s.add_all([Address(customer_id=customer_id, city=c) for c in cities])
    s.execute(insert(Address), [{"customer_id": customer_id, "city": c.upper()} for c in cities])
    s.commit()


def import_in_batches(s: Session, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        s.execute(insert(Product), rows[start:start + BATCH])
    s.commit()
