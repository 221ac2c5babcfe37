import os

from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contacts.models import Contact

engine = create_engine(os.environ["DATABASE_URL"])


def import_contacts(rows: list[dict]) -> tuple[int, int]:
    created = skipped = 0
    with Session(engine) as session, session.begin():
        for row in rows:
            try:
                with session.begin_nested():
                    session.add(Contact(email=row["email"], name=row["name"]))
            except IntegrityError:
                skipped += 1
            else:
                created += 1
    return created, skipped
