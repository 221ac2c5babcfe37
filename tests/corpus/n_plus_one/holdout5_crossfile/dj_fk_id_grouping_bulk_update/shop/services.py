from collections import defaultdict

from django.db import transaction

from . import selectors as q
from .models import Order


@transaction.atomic
def expire_orders(cutoff):
    by_customer = defaultdict(list)
    changed = []
    for order in q.stale_orders(cutoff):
        by_customer[order.customer_id].append(order.pk)
        order.status = "expired"
        changed.append(order)
    Order.objects.bulk_update(changed, ["status"], batch_size=500)
    return dict(by_customer)
