import csv
import logging

from sales.models import Order

log = logging.getLogger(__name__)


def export_open_orders(fh) -> None:
    writer = csv.writer(fh)
    for order in Order.objects.filter(status="open"):
        writer.writerow([order.pk, order.customer.email])  # expect: ORM101
        for line in order.lines.all():  # expect: ORM101
            writer.writerow(["", line.product.sku, line.quantity])  # expect: ORM101
    log.info("export done")
