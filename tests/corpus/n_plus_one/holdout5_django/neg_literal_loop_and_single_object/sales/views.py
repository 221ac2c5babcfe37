from django.shortcuts import get_object_or_404
from django.http import JsonResponse

from fx.models import Currency
from sales.models import Order

MAJOR = ("EUR", "USD", "GBP")


def rates(request):
    out = {}
    for code in MAJOR:
        out[code] = str(Currency.objects.get(code=code).rate)
    return JsonResponse(out)


def order_detail(request, pk: int):
    order = get_object_or_404(Order, pk=pk)
    lines = [{"sku": l.sku, "qty": l.quantity} for l in order.lines.all()]
    return JsonResponse(
        {"customer": order.customer.email, "currency": order.currency.code, "lines": lines}
    )
