from accounts.models import User
from billing.models import Invoice


def invoices_per_user():
    rows = []
    for user in User.objects.order_by("username"):
        for invoice in user.billing_invoice_created.all():  # expect: ORM101
            rows.append((user.username, invoice.number, invoice.total))
    return rows


def invoice_authors():
    return {inv.number: inv.created_by.username for inv in Invoice.objects.all()}  # expect: ORM101
