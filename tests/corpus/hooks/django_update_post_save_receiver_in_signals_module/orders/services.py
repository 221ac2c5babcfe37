import datetime as dt

from django.utils import timezone

from orders.models import Order


def cancel_stale_orders(days: int = 7) -> int:
    cutoff = timezone.now() - dt.timedelta(days=days)
    return Order.objects.filter(status="new", created__lt=cutoff).update(status="cancelled")  # expect: ORM401
