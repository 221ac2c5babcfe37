from orders.models import Order


def packing_slips(order_ids: list[int]) -> list[str]:
    slips = []
    for order in Order.objects.filter(pk__in=order_ids).prefetch_related("lines"):
        for line in order.lines.all():
            # Django sets line.order to this very instance when it prefetches "lines".
            slips.append(f"{line.label()} x{line.qty} [{line.order.currency}]")
    return slips
