from decimal import Decimal

from shop.models import Order, OrderLine


def recalculate(order_id):
    order = Order.objects.get(pk=order_id)
    lines = OrderLine.objects.filter(order_id=order.pk).only("quantity", "unit_price", "discount")
    total = Decimal("0")
    discounts = Decimal("0")
    for line in lines:
        total += line.quantity * line.unit_price
        discounts += line.discount
    order.total = total - discounts
    order.discount_total = discounts
    order.save(update_fields=["total", "discount_total"])
    return order
