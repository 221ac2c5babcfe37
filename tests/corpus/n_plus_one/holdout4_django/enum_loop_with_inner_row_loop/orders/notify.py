from django.core.mail import send_mass_mail

from .models import Order

SUBJECTS = {
    Order.Status.PAID: "Payment received",
    Order.Status.SHIPPED: "Your order is on its way",
}


def daily_status_mails() -> int:
    outbox = []
    for status in (Order.Status.PAID, Order.Status.SHIPPED):
        for order in Order.objects.filter(status=status, created__date__gte="2024-01-01"):
            outbox.append((SUBJECTS[status], f"Order #{order.pk}", None, [order.customer.email]))  # expect: ORM101
    return send_mass_mail(outbox, fail_silently=True)
