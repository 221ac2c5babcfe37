import logging

from django.db import IntegrityError, transaction

from shop.models import CouponRedemption, Order

log = logging.getLogger(__name__)


def place_order(number: str, email: str, coupon: str | None) -> Order:
    with transaction.atomic():
        order = Order.objects.create(number=number, email=email)
        if coupon:
            try:
                CouponRedemption.objects.create(code=coupon, email=email)
            except IntegrityError:  # expect: ORM302
                log.info("coupon %s already redeemed by %s", coupon, email)
        order.refresh_from_db()
    return order
