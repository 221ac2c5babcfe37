from decimal import Decimal

from django.db.models import Prefetch

from accounts.models import Customer
from billing.models import Invoice, InvoiceLine


def invoice_rows(invoice_id: int) -> list[tuple]:
    invoice = Invoice.objects.select_related("customer").get(pk=invoice_id)
    rows = [(invoice.number, invoice.customer.name)]
    lines = InvoiceLine.objects.filter(invoice=invoice).select_related("product__category")
    for line in lines:
        rows.append((line.product.name, line.product.category.name, line.quantity, line.unit_price))
    return rows


def lifetime_value() -> dict[str, Decimal]:
    out = {}
    for customer in Customer.objects.filter(active=True).prefetch_related("invoices"):
        out[customer.email] = sum((inv.total for inv in customer.invoices.all()), Decimal(0))
    return out


def statement(customer_id: int) -> list[str]:
    invoices = Invoice.objects.filter(customer_id=customer_id).prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.select_related("product"))
    )
    return [
        f"{inv.number}: {line.product.sku} x{line.quantity} (product #{line.product_id})"
        for inv in invoices
        for line in inv.lines.all()
    ]
