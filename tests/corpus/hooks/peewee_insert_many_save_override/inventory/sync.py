from inventory.models import Item, db


def load_snapshot(rows: list[dict]) -> None:
    with db.atomic():
        Item.insert_many(rows).execute()  # expect: ORM401
