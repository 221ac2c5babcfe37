from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from orders.models import Order


def dashboard(request):
    counts = {}
    for status in ("new", "paid", "shipped"):
        counts[status] = Order.objects.filter(status=status).count()
    return JsonResponse(counts)


def order_detail(request, pk: int):
    order = get_object_or_404(Order, pk=pk)
    customer_name = order.customer.name
    total_qty = 0
    for line in order.lines.all():
        total_qty += line.quantity
    return JsonResponse({"customer": customer_name, "qty": total_qty, "id": order.pk})
