from .models import Order


def stale_orders(cutoff):
    return Order.objects.filter(status="new", created__lt=cutoff)
