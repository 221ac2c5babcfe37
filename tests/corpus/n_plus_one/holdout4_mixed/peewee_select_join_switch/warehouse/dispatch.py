from peewee import JOIN

from warehouse.models import Customer, Depot, Order


class DispatchBoard:
    def __init__(self, status: str = "paid") -> None:
        self.status = status

    def _query(self):
        return (Order
                .select(Order, Customer, Depot)
                .join(Customer)
                .switch(Order)
                .join(Depot, JOIN.LEFT_OUTER)
                .where(Order.status == self.status))

    def rows(self) -> list[dict]:
        out = []
        for order in self._query():
            out.append({
                "order": order.id,
                "customer": order.customer.name,
                "email": order.customer.email,
                "depot": order.depot.city if order.depot_id else None,
                "total": str(order.total),
            })
        return out
