from decimal import Decimal

from celery import shared_task

from . import selectors

RATE = Decimal("0.9")


@shared_task
def apply_discount(prefix: str) -> int:
    n = 0
    for product in selectors.discounted_products(prefix):
        product.price = (product.price * RATE).quantize(Decimal("0.01"))
        product.save(update_fields=["price"])  # expect: ORM102
        n += 1
    return n
