from promotions.models import Coupon


class CouponService:
    def __init__(self, user):
        self.user = user

    def lookup(self, code):
        return Coupon.objects.filter(code__iexact=code.strip(), active=True).first()

    def normalise(self, code):
        return code.strip().upper()

    def apply_codes(self, codes, subtotal):
        discount = 0
        seen = set()
        for raw in codes:
            code = self.normalise(raw)
            if code in seen:
                continue
            seen.add(code)
            coupon = self.lookup(code)  # expect: ORM102
            if coupon is not None:
                discount += subtotal * coupon.percent_off / 100
        return min(discount, subtotal)
