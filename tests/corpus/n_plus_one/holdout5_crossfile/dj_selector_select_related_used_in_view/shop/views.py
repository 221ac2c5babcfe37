from django.http import JsonResponse

import shop.selectors as sel


def open_orders_view(request):
    rows = []
    for order in sel.open_orders():
        rows.append({"id": order.pk, "customer": order.customer.name, "email": order.customer.email})
    return JsonResponse({"orders": rows})
