from .models import OrderLine


def line_rows(order_ids):
    return OrderLine.objects.filter(order_id__in=order_ids).values(
        "order_id", "product__title", "order__customer__name", "qty"
    )
