from decimal import Decimal

from django.http import JsonResponse

from catalog.models import Product


def cart_summary(request):
    cart = request.session.get("cart", [])
    products = Product.objects.in_bulk([item["product_id"] for item in cart])
    by_sku = Product.objects.in_bulk([item["sku"] for item in cart if "sku" in item], field_name="sku")
    lines, total = [], Decimal("0")
    for item in cart:
        product = products.get(item["product_id"]) or by_sku.get(item.get("sku"))
        if product is None:
            continue
        subtotal = product.price * item["qty"]
        total += subtotal
        lines.append({"name": product.name, "qty": item["qty"], "subtotal": str(subtotal)})
    return JsonResponse({"lines": lines, "total": str(total)})
