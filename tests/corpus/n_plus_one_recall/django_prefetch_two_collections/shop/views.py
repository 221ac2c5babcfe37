from django.http import JsonResponse

from shop.models import Order


def orders(request):
    data = []
    for order in Order.objects.prefetch_related("lines", "payments").order_by("-id")[:50]:
        data.append({"number": order.number, "skus": [l.sku for l in order.lines.all()], "paid": str(sum(p.amount for p in order.payments.all()))})
    return JsonResponse({"orders": data})
