from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from fx.models import ExchangeRate

CACHE_KEY = "fx:latest"


def latest_rates() -> dict[str, Decimal]:
    """Latest rate for each currency the shop sells in (settings.SHOP_CURRENCIES, ~4 codes)."""
    if (hit := cache.get(CACHE_KEY)) is not None:
        return hit
    rates: dict[str, Decimal] = {}
    for code in settings.SHOP_CURRENCIES:
        if code == settings.BASE_CURRENCY:
            rates[code] = Decimal(1)
            continue
        row = ExchangeRate.objects.filter(currency=code).order_by("-as_of").first()
        rates[code] = row.rate if row else Decimal(0)
    cache.set(CACHE_KEY, rates, 600)
    return rates
