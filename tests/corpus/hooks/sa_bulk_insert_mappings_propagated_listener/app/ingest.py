from sqlalchemy.orm import Session

from app.models import Reading


def ingest(session: Session, batch: list[dict]) -> None:
    session.bulk_insert_mappings(Reading, batch)  # expect: ORM401
    session.commit()
