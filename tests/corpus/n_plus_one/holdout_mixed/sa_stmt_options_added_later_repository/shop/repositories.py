from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from shop.models import Order, OrderLine


@dataclass
class OrderFilter:
    status: str | None = None
    customer_id: int | None = None


class OrderRepository:
    def __init__(self, session: Session):
        self.session = session

    def _filtered(self, f: OrderFilter) -> Select[tuple[Order]]:
        stmt = select(Order)
        if f.status:
            stmt = stmt.where(Order.status == f.status)
        if f.customer_id is not None:
            stmt = stmt.where(Order.customer_id == f.customer_id)
        return stmt

    def invoice_rows(self, f: OrderFilter) -> list[dict]:
        stmt = self._filtered(f)
        stmt = stmt.options(
            joinedload(Order.customer),
            selectinload(Order.lines).joinedload(OrderLine.product),
        )
        rows = []
        for order in self.session.scalars(stmt).unique():
            rows.append({
                "order": order.id,
                "email": order.customer.email,
                "items": [(ln.product.sku, ln.quantity) for ln in order.lines],
            })
        return rows
