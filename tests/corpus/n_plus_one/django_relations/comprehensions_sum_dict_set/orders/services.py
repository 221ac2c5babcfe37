from orders.models import Order


def order_total(order_id):
    order = Order.objects.get(pk=order_id)
    return sum(line.product.price * line.quantity for line in order.lines.all())  # expect: ORM101


def customers_by_order():
    paid = Order.objects.filter(paid=True)
    return {order.pk: order.customer.name for order in paid}  # expect: ORM101


def paying_countries():
    return {order.customer.country for order in Order.objects.filter(paid=True)}  # expect: ORM101
