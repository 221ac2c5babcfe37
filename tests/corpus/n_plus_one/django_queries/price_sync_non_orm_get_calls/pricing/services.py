import requests
from django.conf import settings
from django.core.cache import cache

from pricing.models import Product


def fetch_prices(skus, overrides):
    prices = {}
    for sku in skus:
        cached = cache.get(f"price:{sku}")
        if cached is None:
            resp = requests.get(f"{settings.PRICING_URL}/{sku}", timeout=5)
            cached = resp.json().get("price")
            cache.set(f"price:{sku}", cached, 300)
        prices[sku] = overrides.get(sku, cached)
    return prices


def catalogue_names(payload):
    known = set(Product.objects.values_list("sku", flat=True))
    names = list(filter(None, (item.get("name") for item in payload if item.get("sku") in known)))
    return sorted(names)
