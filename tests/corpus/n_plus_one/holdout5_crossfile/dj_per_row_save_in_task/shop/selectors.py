from .models import Product


def discounted_products(prefix: str):
    return Product.objects.filter(sku__startswith=prefix)
