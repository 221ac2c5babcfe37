import csv

from sqlalchemy.orm import Session

from shop.models import Order


def import_orders(session: Session, path: str) -> None:
    with open(path, newline="") as handle:
        orders = [Order(customer=row["customer"]) for row in csv.DictReader(handle)]
    session.bulk_save_objects(orders)  # expect: ORM401
    session.commit()
