from sqlalchemy.orm import Session, joinedload

from sales import models as m


def picking_list(session: Session, refs: list[str]) -> list[str]:
    orders = (
        session.query(m.Order)
        .options(joinedload(m.Order.lines))
        .filter(m.Order.reference.in_(refs))
        .all()
    )
    sheet = []
    for order in orders:
        for line in order.lines:
            sheet.append(f"{order.reference}: {line.qty} x {line.product.name}")  # expect: ORM101
    return sheet
