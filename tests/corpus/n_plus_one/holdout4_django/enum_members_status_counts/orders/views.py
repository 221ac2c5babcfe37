from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from .models import Order


@staff_member_required
def status_board(request):
    tiles = []
    for status in Order.Status:
        qs = Order.objects.filter(status=status)
        tiles.append({
            "label": status.label,
            "count": qs.count(),
            "newest": qs.order_by("-created").values_list("created", flat=True).first(),
        })
    return render(request, "orders/status_board.html", {"tiles": tiles})
