from django.db.models import Prefetch

from shop.models import Order

from .models import Customer


def customers_with_paid_orders():
    paid = Order.objects.filter(status="paid").order_by("-created")
    return Customer.objects.prefetch_related(Prefetch("orders", queryset=paid))
