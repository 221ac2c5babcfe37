from .models import Order


def recent_orders():
    return Order.objects.prefetch_related("lines").order_by("-created")[:50]
