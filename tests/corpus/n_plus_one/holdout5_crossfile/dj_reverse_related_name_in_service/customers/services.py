from decimal import Decimal

from . import selectors


class LifetimeValueService:
    def compute(self) -> dict[int, Decimal]:
        result: dict[int, Decimal] = {}
        for customer in selectors.premium_customers():
            spent = Decimal(0)
            for order in customer.orders.all():  # expect: ORM101
                spent += order.total
            result[customer.pk] = spent
        return result
