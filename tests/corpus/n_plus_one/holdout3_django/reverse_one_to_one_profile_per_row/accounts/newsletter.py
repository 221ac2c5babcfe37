from django.contrib.auth.models import User

from accounts.models import Profile


def recipients_by_timezone() -> dict[str, list[str]]:
    buckets: dict[str, list[str]] = {}
    for u in User.objects.filter(is_active=True).order_by("date_joined"):
        try:
            prof = u.profile  # expect: ORM101
        except Profile.DoesNotExist:
            continue
        if prof.newsletter:
            buckets.setdefault(prof.timezone, []).append(u.email)
    return buckets
