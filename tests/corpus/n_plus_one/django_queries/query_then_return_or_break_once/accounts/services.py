from accounts.models import Address, Referral


def preferred_address(user, preferences):
    # The query is followed unconditionally by return: at most one query per call.
    for kind in preferences:
        if kind in Address.KINDS:
            return Address.objects.filter(user=user, kind=kind).first()
    return None


def referral_from_request(request):
    referral = None
    for raw in request.GET.getlist("ref"):
        if raw.isalnum():
            referral = Referral.objects.filter(code=raw.upper()).first()
            break
    return referral
