from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from billing.export import write_invoice_rows
from billing.models import Account, Invoice


def _csv_response(filename: str) -> HttpResponse:
    resp = HttpResponse(content_type="text/csv")
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


@login_required
def unpaid_csv(request):
    resp = _csv_response("unpaid.csv")
    qs = Invoice.objects.select_related("account").filter(paid=False).order_by("issued")
    write_invoice_rows(resp, qs)
    return resp


@login_required
def account_csv(request, pk: int):
    account = get_object_or_404(Account, pk=pk)
    resp = _csv_response(f"account-{account.pk}.csv")
    write_invoice_rows(resp, account.invoices.select_related("account").order_by("-issued"))
    return resp
