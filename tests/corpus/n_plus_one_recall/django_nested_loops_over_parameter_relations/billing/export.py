import csv

from billing.models import Customer


def export_customer(customer: Customer, out) -> None:
    writer = csv.writer(out)
    for invoice in customer.invoices.all():
        for line in invoice.lines.all():  # expect: ORM101
            writer.writerow([invoice.number, line.product.name, line.quantity])  # expect: ORM101
