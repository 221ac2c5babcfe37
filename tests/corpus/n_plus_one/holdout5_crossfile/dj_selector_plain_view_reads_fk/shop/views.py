from django.shortcuts import render

from shop import selectors as sel


def paid_orders(request):
    lines = []
    for o in sel.orders_with_status("paid"):
        lines.append(f"{o.pk}: {o.customer.name} <{o.customer.email}>")  # expect: ORM101
    return render(request, "shop/paid.html", {"lines": lines})
