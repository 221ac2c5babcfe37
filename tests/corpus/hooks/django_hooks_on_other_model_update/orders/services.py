from orders.models import Customer, Order


def promote(customer_ids: list[int]) -> int:
    return Customer.objects.filter(pk__in=customer_ids).update(tier="gold")


def reopen(order: Order) -> None:
    order.status = "open"
    order.save(update_fields=["status"])
