import csv
from typing import IO

from people.models import Employee
from projects.models import Assignment, Project


def load_assignments(project: Project, fh: IO[str]) -> int:
    rows = list(csv.DictReader(fh))
    by_email = {e.email: e for e in Employee.objects.filter(email__in=[r["email"] for r in rows])}
    objs = [
        Assignment(project=project, employee=by_email[r["email"]], role=r["role"])
        for r in rows
        if r["email"] in by_email
    ]
    Assignment.objects.bulk_create(objs)
    return len(objs)


def hours_by_team(project: Project) -> dict[str, int]:
    totals: dict[str, int] = {}
    for a in project.assignments.select_related("employee__team"):
        team = a.employee.team
        key = team.name if team else "-"
        totals[key] = totals.get(key, 0) + a.hours
    return totals
