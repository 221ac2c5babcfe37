from celery import shared_task
from django.core.mail import send_mail

from orders.models import Order


@shared_task
def send_receipt(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    send_mail("Your receipt", f"Total: {order.total}", "shop@example.com", [order.email])
