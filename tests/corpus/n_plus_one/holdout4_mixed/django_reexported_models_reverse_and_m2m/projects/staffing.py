import csv
from typing import IO

from people.models import Employee
from projects.models import Assignment, Project


def load_assignments(project: Project, fh: IO[str]) -> int:
    count = 0
    for row in csv.DictReader(fh):
        employee = Employee.objects.get(email=row["email"])  # expect: ORM102
        Assignment.objects.create(project=project, employee=employee, role=row["role"])
        count += 1
    return count


def hours_by_team(project: Project) -> dict[str, int]:
    totals: dict[str, int] = {}
    for a in project.assignments.all():
        team = a.employee.team  # expect: ORM101
        totals[team.name if team else "-"] = totals.get(team.name if team else "-", 0) + a.hours
    return totals
