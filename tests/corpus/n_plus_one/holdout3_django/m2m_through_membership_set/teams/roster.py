from teams import models


def roster() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for group in models.Group.objects.order_by("name"):
        lines = out.setdefault(group.name, [])
        for ms in group.membership_set.all():  # expect: ORM101
            lines.append(f"{ms.person.name} ({ms.role}) since {ms.joined:%Y}")  # expect: ORM101
    return out
