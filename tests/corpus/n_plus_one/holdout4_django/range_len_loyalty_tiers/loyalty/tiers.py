from decimal import Decimal

from django.db.models import Q

from loyalty.models import Member

TIERS: tuple[tuple[str, Decimal], ...] = (
    ("bronze", Decimal("0")),
    ("silver", Decimal("500")),
    ("gold", Decimal("2000")),
)


def retier_members() -> dict[str, int]:
    """One UPDATE per tier band (three statements), never one per member."""
    changed = {}
    for i in range(len(TIERS)):
        name, floor = TIERS[i]
        band = Q(lifetime_spend__gte=floor)
        if i + 1 < len(TIERS):
            band &= Q(lifetime_spend__lt=TIERS[i + 1][1])
        changed[name] = Member.objects.filter(band).exclude(tier=name).update(tier=name)
    return changed
