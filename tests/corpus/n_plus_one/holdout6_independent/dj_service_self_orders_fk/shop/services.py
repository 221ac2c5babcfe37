from .models import Order


class PaidOrderReport:
    def __init__(self, since):
        self.orders = Order.objects.filter(status="paid", created_at__gte=since)

    def rows(self):
        result = []
        for order in self.orders:
            result.append((order.pk, order.customer.email, order.created_at.date()))  # expect: ORM101
        return result
