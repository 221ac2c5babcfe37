from django.db.models import Prefetch

from .models import Order, OrderLine

LINES = Prefetch(
    "lines",
    queryset=OrderLine.objects.select_related("product").order_by("pk"),
    to_attr="line_list",
)


def orders_for_invoice(ids):
    return Order.objects.filter(pk__in=ids).select_related("customer").prefetch_related(LINES)
