import logging
import time

from sqlalchemy import text
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)


def load_partition(conn: Connection, source: str, day: str) -> int:
    started = time.monotonic()
    count = conn.execute(text("SELECT COUNT(*) FROM staging WHERE source = :s AND day = :d"), {"s": source, "d": day}).scalar_one()
    log.info(f"select count(*) from staging where source = '{source}' and day = '{day}' took {time.monotonic() - started:.2f}s")
    if not count:
        raise LookupError(f"Nothing to select from staging for {source} on {day}; update the source first")
    return count
