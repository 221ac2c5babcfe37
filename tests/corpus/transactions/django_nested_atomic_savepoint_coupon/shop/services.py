from django.db import IntegrityError, transaction

from shop.models import CouponRedemption, Order


def place_order(number: str, email: str, coupon: str | None) -> tuple[Order, bool]:
    redeemed = False
    with transaction.atomic():
        order = Order.objects.create(number=number, email=email)
        if coupon:
            try:
                with transaction.atomic():
                    CouponRedemption.objects.create(code=coupon, email=email)
                redeemed = True
            except IntegrityError:
                redeemed = False
    return order, redeemed
