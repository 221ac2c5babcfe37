from collections import defaultdict
from decimal import Decimal

from billing.models import Invoice


def revenue_by_account(year, month):
    invoices = list(
        Invoice.objects.filter(issued_on__year=year, issued_on__month=month, paid=True)
        .select_related("account")
        .order_by("issued_on")
    )
    totals = defaultdict(Decimal)
    counts = defaultdict(int)
    for invoice in invoices:
        totals[invoice.account.name] += invoice.amount
        counts[invoice.account_id] += 1
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    return {"ranked": ranked, "invoice_count": sum(counts.values())}
