from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from telemetry.models import Sample


def store(session: Session, rows: list[dict]) -> None:
    session.execute(insert(Sample), rows)
    session.execute(update(Sample).where(Sample.value < 0).values(value=0))
    session.execute(delete(Sample).where(Sample.device == "test"))
    session.commit()
