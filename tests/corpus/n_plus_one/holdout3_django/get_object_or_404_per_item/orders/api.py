import json

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .models import Order, OrderLine, Product


@require_POST
def quote(request):
    payload = json.loads(request.body)
    total = 0
    for item in payload["items"]:
        product = get_object_or_404(Product, pk=item["product_id"])  # expect: ORM102
        total += product.price_cents * int(item["qty"])
    return JsonResponse({"total_cents": total})


@require_POST
def place_order(request):
    payload = json.loads(request.body)
    wanted = {int(i["product_id"]): int(i["qty"]) for i in payload["items"]}
    products = Product.objects.in_bulk(list(wanted))
    with transaction.atomic():
        order = Order.objects.create()
        OrderLine.objects.bulk_create(
            [OrderLine(order=order, product=products[pid], quantity=q) for pid, q in wanted.items()]
        )
    return JsonResponse({"order": order.pk})
