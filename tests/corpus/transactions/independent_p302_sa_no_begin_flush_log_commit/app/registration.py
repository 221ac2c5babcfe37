import logging

from sqlalchemy.exc import IntegrityError

from app.db import SessionLocal
from app.models import Device, Owner

log = logging.getLogger(__name__)


def register(owner_name: str, serials: list[str]) -> Owner:
    with SessionLocal() as session:
        owner = Owner(name=owner_name)
        session.add(owner)
        session.flush()
        for serial in serials:
            session.add(Device(serial=serial, owner_id=owner.id))
        try:
            session.flush()
        except IntegrityError:  # expect: ORM302
            log.warning("some serials already registered for %s", owner_name)
        session.commit()
        return owner
