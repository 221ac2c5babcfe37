from shop.models import Order


def last_order_for(customer_id: int):
    return Order.objects.filter(customer_id=customer_id).order_by("-created").first()


def count_orders(customer_id: int) -> int:
    return Order.objects.filter(customer_id=customer_id).count()
