from .models import Order as O

OPEN_STATES = ("new", "paid")


def open_orders():
    return O.objects.filter(status__in=OPEN_STATES).select_related("customer")
