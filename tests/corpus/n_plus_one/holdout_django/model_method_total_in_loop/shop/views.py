from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from shop.models import Order


@login_required
def order_history(request):
    orders = Order.objects.filter(customer=request.user).order_by("-placed_at")
    summary = []
    for order in orders:
        summary.append((order.pk, order.status, order.total()))  # expect: ORM101
    return render(request, "shop/history.html", {"summary": summary})
