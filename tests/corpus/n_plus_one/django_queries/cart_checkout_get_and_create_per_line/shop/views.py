from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect

from catalog.models import Product
from shop.models import Order, OrderLine


@login_required
def checkout(request):
    cart = request.session.get("cart", [])
    with transaction.atomic():
        order = Order.objects.create(customer=request.user)
        total = Decimal("0")
        for item in cart:
            product = Product.objects.get(pk=item["product_id"])  # expect: ORM102
            OrderLine.objects.create(
                order=order,
                product=product,
                quantity=item["qty"],
                unit_price=product.price,
            )
            total += product.price * item["qty"]
        order.total = total
        order.save(update_fields=["total"])
    request.session["cart"] = []
    return redirect("shop:order-detail", pk=order.pk)
