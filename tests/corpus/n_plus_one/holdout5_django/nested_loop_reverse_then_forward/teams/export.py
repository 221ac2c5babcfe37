import csv
from typing import TextIO

from org.models import Team


def export_roster(stream: TextIO) -> None:
    writer = csv.writer(stream)
    writer.writerow(["team", "user", "email", "role"])
    for team in Team.objects.order_by("name"):
        for membership in team.memberships.all():  # expect: ORM101
            writer.writerow(
                [
                    team.name,
                    membership.user.username,  # expect: ORM101
                    membership.user.email,
                    membership.role,
                ]
            )
