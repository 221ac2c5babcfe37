from django.core.mail import send_mass_mail

from customers.models import Customer
from orders.models import Order

SUBJECT = "Your order has shipped"


def notify_shipped(since) -> int:
    shipped = Order.objects.filter(shipped=True, created__gte=since)
    recipients = list(map(lambda o: o.customer.email, shipped))  # expect: ORM101
    messages = [(SUBJECT, "Thanks!", "shop@example.com", [to]) for to in recipients]
    return send_mass_mail(messages)


def cities() -> set[str]:
    return set(map(lambda c: c.address.city, Customer.objects.all()))  # expect: ORM101


def cities_fast() -> set[str]:
    return set(map(lambda c: c.address.city, Customer.objects.select_related("address")))
