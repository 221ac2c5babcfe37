import csv

from django.db.models import Prefetch

from sales import models


def export_open_orders(fh) -> None:
    writer = csv.writer(fh)
    orders = (
        models.Order.objects.filter(status="open")
        .select_related("customer")
        .prefetch_related("lines__product")
    )
    for order in orders:
        writer.writerow([order.pk, order.customer.email])
        for line in order.lines.all():
            writer.writerow([line.order.pk, line.product.sku, line.quantity])


def totals_for(customer_id: int) -> list:
    qs = models.Order.objects.filter(customer_id=customer_id).prefetch_related(
        Prefetch(
            "lines",
            queryset=models.OrderLine.objects.select_related("product"),
            to_attr="priced_lines",
        )
    )
    return [sum(ln.product.price * ln.quantity for ln in o.priced_lines) for o in qs]
