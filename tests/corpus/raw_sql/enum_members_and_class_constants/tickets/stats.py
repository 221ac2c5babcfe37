from sqlalchemy import text
from sqlalchemy.orm import Session

from tickets.models import Status


class TicketStats:
    TABLE = "tickets"
    STALE_DAYS = 30

    def open_count(self, session: Session) -> int:
        return session.execute(text(f"SELECT COUNT(*) FROM {self.TABLE} WHERE status = '{Status.OPEN.value}'")).scalar_one()

    def closed_count(self, session: Session) -> int:
        return session.execute(text(f"SELECT COUNT(*) FROM {TicketStats.TABLE} WHERE status = '{Status.CLOSED.value}'")).scalar_one()
