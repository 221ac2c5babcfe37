from django.shortcuts import render

from .models import Order


def order_tiers(request):
    orders = Order.objects.select_related("customer__profile").order_by("-id")[:100]
    rows = [
        (o.number, o.customer.name, o.customer.profile.tier)
        for o in orders
    ]
    return render(request, "sales/tiers.html", {"rows": rows})
