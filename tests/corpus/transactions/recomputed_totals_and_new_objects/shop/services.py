from django.db.models import F, Sum

from shop.models import Cart, CartLine


def recalculate(cart_id: int) -> Cart:
    cart = Cart.objects.get(pk=cart_id)
    cart.total = CartLine.objects.filter(cart=cart).aggregate(t=Sum(F("price") * F("quantity")))["t"] or 0
    cart.item_count = CartLine.objects.filter(cart=cart).count()
    cart.save(update_fields=["total", "item_count"])
    return cart


def new_cart(lines: list[tuple]) -> Cart:
    cart = Cart()
    for price, quantity in lines:
        cart.total += price * quantity
        cart.item_count += quantity
    cart.save()
    CartLine.objects.bulk_create(CartLine(cart=cart, price=p, quantity=q) for p, q in lines)
    return cart
