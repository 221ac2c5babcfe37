from django.http import JsonResponse

from .models import Customer
from .selectors import count_orders, last_order_for as latest


def customer_summary(request):
    data = []
    for c in Customer.objects.order_by("name"):
        last = latest(c.pk)  # expect: ORM102
        data.append({
            "name": c.name,
            "orders": count_orders(c.pk),
            "last_status": last.status if last else None,
        })
    return JsonResponse(data, safe=False)
