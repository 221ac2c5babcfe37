from django.http import Http404, JsonResponse

from promotions.models import Coupon

VIP_PREFIX = "VIP-"


def redeem(request):
    codes = request.POST.getlist("codes")
    for code in codes:
        if code.startswith(VIP_PREFIX):
            coupon = Coupon.objects.select_related("campaign").get(code=code)
            return JsonResponse({"campaign": coupon.campaign.name})
    raise Http404("no VIP code")


def first_unused(request):
    coupons = list(Coupon.objects.filter(used=False)[:10])
    for coupon in coupons:
        if coupon.code.endswith("-X"):
            break
    else:
        return JsonResponse({"campaign": None})
    return JsonResponse({"campaign": coupon.campaign.name})
