from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from shop.models import Order


@login_required
def order_history(request):
    orders = (
        Order.objects.filter(customer=request.user)
        .prefetch_related("lines")
        .order_by("-placed_at")
    )
    summary = [(o.pk, o.status, o.total()) for o in orders]
    return render(request, "shop/history.html", {"summary": summary})
