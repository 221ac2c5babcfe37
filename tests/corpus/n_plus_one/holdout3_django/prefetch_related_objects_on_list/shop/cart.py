from django.db.models import prefetch_related_objects

from shop.models import Product


def cart_lines(session_cart: dict[str, int]) -> list[dict]:
    products = list(Product.objects.filter(sku__in=session_cart.keys()))
    prefetch_related_objects(products, "category", "tags")
    lines = []
    for p in products:
        lines.append(
            {
                "sku": p.sku,
                "qty": session_cart[p.sku],
                "category": p.category.name,
                "tags": [t.label for t in p.tags.all()],
            }
        )
    return lines
