import datetime as dt
from collections import defaultdict

from django.utils import timezone

from orders.models import Order


def orders_by_customer(days: int = 1) -> dict[str, list[str]]:
    pending = []
    for order in Order.objects.filter(created__gte=timezone.now() - dt.timedelta(days=days)):
        pending.append(order)
    pending.extend(Order.objects.filter(status="on_hold"))
    grouped = defaultdict(list)
    for order in pending:
        grouped[order.customer.name].append(order.number)  # expect: ORM101
    return dict(grouped)
