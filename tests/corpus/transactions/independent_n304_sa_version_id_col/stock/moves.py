from sqlalchemy.orm.exc import StaleDataError

from stock.db import SessionLocal
from stock.models import Bin


class ConcurrentMove(Exception):
    pass


def pick(bin_id: int, qty: int) -> int:
    with SessionLocal() as session:
        bin_ = session.get(Bin, bin_id)
        bin_.quantity -= qty
        try:
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise ConcurrentMove(bin_id) from exc
        return bin_.quantity
