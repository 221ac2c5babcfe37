from dataclasses import dataclass
from decimal import Decimal

from customers import selectors


@dataclass
class Statement:
    customer: str
    lines: list[str]
    total: Decimal


def build_statements() -> list[Statement]:
    statements = []
    for cust in selectors.customers_with_paid_orders():
        orders = cust.orders.all()
        lines = [f"#{o.pk} for {o.customer.name}: {o.total}" for o in orders]
        statements.append(Statement(cust.name, lines, sum((o.total for o in orders), Decimal(0))))
    return statements
