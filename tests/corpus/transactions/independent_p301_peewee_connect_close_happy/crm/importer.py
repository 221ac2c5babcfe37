import csv

from crm.models import Contact, db


def import_contacts(path: str) -> int:
    db.connect()  # expect: ORM301
    with open(path, newline="") as fh:
        rows = [{"email": r["email"].lower(), "name": r["name"]} for r in csv.DictReader(fh)]
    with db.atomic():
        Contact.insert_many(rows).on_conflict_ignore().execute()
    db.close()
    return len(rows)
