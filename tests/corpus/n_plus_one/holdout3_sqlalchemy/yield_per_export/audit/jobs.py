import json
from typing import IO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from audit.models import AuditEvent

CHUNK = 1000


def export_events(session: Session, fh: IO[str], since) -> int:
    stmt = sa.select(AuditEvent).where(AuditEvent.at >= since).execution_options(yield_per=CHUNK)
    written = 0
    for event in session.scalars(stmt):
        record = {"id": event.id, "action": event.action, "actor_id": event.actor_id}
        record["actor"] = event.actor.username  # expect: ORM101
        fh.write(json.dumps(record) + "\n")
        written += 1
    return written
