from datetime import timedelta

from django.utils import timezone

from shop.models import Order


def recent_orders(days=7):
    since = timezone.now() - timedelta(days=days)
    return Order.objects.filter(created__gte=since).order_by("-created")


def shipping_recipients():
    recipients = []
    for order in recent_orders():
        if order.status == "shipped":
            recipients.append(order.customer.email)  # expect: ORM101
    return recipients
