from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect

from orders.models import Order
from orders.tasks import index_order


def checkout(request):
    with transaction.atomic():
        order = Order.objects.create(email=request.POST["email"], total=request.POST["total"])
        transaction.on_commit(partial(index_order.delay, order.pk))
        transaction.on_commit(lambda: send_mail("Thanks", f"Order {order.pk}", "shop@example.com", [order.email]))
    return redirect("order-detail", pk=order.pk)


def resend(request, pk: int):
    order = Order.objects.get(pk=pk)
    send_mail("Thanks", f"Order {order.pk}", "shop@example.com", [order.email])
    index_order.delay(order.pk)
    return redirect("order-detail", pk=pk)
