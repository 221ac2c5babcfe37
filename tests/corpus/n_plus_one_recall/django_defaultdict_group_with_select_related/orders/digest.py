from collections import defaultdict

from orders.models import Order


def orders_by_customer() -> dict[str, list[str]]:
    pending = []
    pending.extend(Order.objects.select_related("customer").filter(status="new"))
    grouped = defaultdict(list)
    for order in pending:
        grouped[order.customer.name].append(order.number)
    by_id = defaultdict(list)
    for order in Order.objects.filter(status="on_hold"):
        by_id[order.customer_id].append(order.number)
    return {**grouped, **{str(k): v for k, v in by_id.items()}}
