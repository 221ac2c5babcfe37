from decimal import Decimal

from catalog.models import Product


def raise_prices(percent: Decimal) -> None:
    products = list(Product.objects.all())
    for product in products:
        product.price = (product.price * (1 + percent / 100)).quantize(Decimal("0.01"))
    Product.objects.bulk_update(products, ["price"], batch_size=1000)  # expect: ORM401
