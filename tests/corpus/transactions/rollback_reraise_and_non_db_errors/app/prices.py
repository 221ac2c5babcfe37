import logging
from decimal import Decimal, InvalidOperation

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.models import Price

log = logging.getLogger(__name__)


def import_prices(session: Session, rows: list[tuple[str, str]]) -> int:
    imported = 0
    with session.begin():
        for sku, text_amount in rows:
            try:
                amount = Decimal(text_amount)
            except InvalidOperation:
                log.warning("bad amount %r for %s", text_amount, sku)
                continue
            session.add(Price(sku=sku, amount=amount))
            imported += 1
    return imported


def add_price(session: Session, sku: str, amount: Decimal) -> None:
    session.add(Price(sku=sku, amount=amount))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise


def safe_import(session: Session, rows) -> int:
    try:
        return import_prices(session, rows)
    except (IntegrityError, DBAPIError):
        log.exception("import failed, nothing was written")
        return 0
