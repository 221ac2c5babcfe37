from decimal import Decimal

from invoices.models import Invoice


def apply_reduced_vat(invoice: Invoice) -> None:
    invoice.lines.update(vat_rate=Decimal("7.00"))  # expect: ORM401
