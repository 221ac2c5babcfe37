from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import StockMovement, Warehouse


def negative_movements_by_warehouse(session: Session) -> dict[str, int]:
    result = {}
    warehouses = session.scalars(select(Warehouse)).all()
    for wh in warehouses:
        outgoing = session.scalars(wh.movements.select().where(StockMovement.quantity < 0)).all()  # expect: ORM101
        result[wh.code] = sum(-m.quantity for m in outgoing)
    return result
