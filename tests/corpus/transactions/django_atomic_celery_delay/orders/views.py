from django.db import transaction
from django.shortcuts import redirect

from orders.models import Order
from orders.tasks import send_receipt


def checkout(request):
    with transaction.atomic():
        order = Order.objects.create(email=request.POST["email"], total=request.POST["total"])
        send_receipt.delay(order.pk)  # expect: ORM303
    return redirect("order-detail", pk=order.pk)
