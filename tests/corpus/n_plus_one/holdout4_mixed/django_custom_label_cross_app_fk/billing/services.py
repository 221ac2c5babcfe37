from decimal import Decimal

from accounts.models import Customer
from billing.models import Invoice


def invoice_rows(invoice_id: int) -> list[tuple]:
    invoice = Invoice.objects.select_related("customer").get(pk=invoice_id)
    header = (invoice.number, invoice.customer.name)
    rows = [header]
    for line in invoice.lines.all():
        rows.append((
            line.product.name,  # expect: ORM101
            line.product.category.name,  # expect: ORM101
            line.quantity,
            line.unit_price,
        ))
    return rows


def lifetime_value() -> dict[str, Decimal]:
    out = {}
    for customer in Customer.objects.filter(active=True):
        out[customer.email] = sum((inv.total for inv in customer.invoices.all()), Decimal(0))  # expect: ORM101
    return out
