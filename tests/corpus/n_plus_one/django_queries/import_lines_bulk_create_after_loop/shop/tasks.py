from decimal import Decimal

from celery import shared_task
from django.db import transaction

from shop.models import PriceChange, Product


@shared_task
def apply_price_feed(feed):
    new_prices = {row["sku"]: Decimal(row["price"]) for row in feed}
    products = list(Product.objects.filter(sku__in=new_prices, active=True))
    changes, changed = [], []
    for product in products:
        price = new_prices[product.sku]
        if price == product.price:
            continue
        changes.append(PriceChange(product=product, old_price=product.price, new_price=price))
        product.price = price
        changed.append(product)
    with transaction.atomic():
        Product.objects.bulk_update(changed, ["price"], batch_size=500)
        PriceChange.objects.bulk_create(changes, batch_size=500)
    return len(changed)
