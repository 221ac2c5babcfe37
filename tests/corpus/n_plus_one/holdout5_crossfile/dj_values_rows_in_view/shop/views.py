from django.http import JsonResponse

from . import selectors as sel


def lines_view(request):
    ids = request.GET.getlist("order")
    data = [
        {"order": r["order_id"], "product": r["product__title"], "who": r["order__customer__name"]}
        for r in sel.line_rows(ids)
    ]
    return JsonResponse(data, safe=False)
