from django.db.models import Prefetch

from teams import models

ROLE_ORDER = ("lead", "member", "guest")


def roster() -> dict[str, list[str]]:
    ms_qs = models.Membership.objects.select_related("person").order_by("joined")
    groups = models.Group.objects.prefetch_related(
        Prefetch("membership_set", queryset=ms_qs), "members"
    )
    out: dict[str, list[str]] = {}
    for group in groups:
        names = {p.pk for p in group.members.all()}
        out[group.name] = [
            f"{ms.person.name} ({ms.role})"
            for ms in group.membership_set.all()
            if ms.person_id in names and ms.role in ROLE_ORDER
        ]
    return out
