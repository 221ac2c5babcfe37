import logging

from sqlalchemy.orm import Session, joinedload

from .models import Shipment

log = logging.getLogger(__name__)


class LabelPrinter:
    def __init__(self, session: Session) -> None:
        self.session = session

    def pending(self):
        return (
            self.session.query(Shipment)
            .options(joinedload(Shipment.carrier))
            .filter(Shipment.tracking.is_(None))
        )

    def print_batch(self) -> list[str]:
        out = []
        for shipment in self.pending():
            dest = shipment.address  # expect: ORM101
            out.append(f"{shipment.carrier.code}|{dest.line1}|{dest.city}")
        log.info("printed %d labels", len(out))
        return out
