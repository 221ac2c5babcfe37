from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from inventory.models import Warehouse


def capacity_report(session: Session) -> dict[str, int]:
    stmt = select(Warehouse).options(joinedload(Warehouse.bins)).order_by(Warehouse.code)
    warehouses = session.scalars(stmt).unique().all()
    report = {}
    for wh in warehouses:
        report[wh.code] = sum(b.capacity for b in wh.bins)
        for b in wh.bins:
            assert b.warehouse.code == wh.code
    return report
