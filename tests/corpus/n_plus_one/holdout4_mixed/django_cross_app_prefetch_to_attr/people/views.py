from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from people.models import Employee, Team
from projects.models import Project


def team_report(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    active = Prefetch("projects", queryset=Project.objects.filter(active=True), to_attr="active_projects")
    members = (Employee.objects
               .filter(team=team)
               .select_related("manager")
               .prefetch_related(active)
               .order_by("full_name"))
    staff = [
        {
            "name": emp.full_name,
            "projects": [p.name for p in emp.active_projects],
            "manager": emp.manager.full_name if emp.manager else None,
        }
        for emp in members
    ]
    return JsonResponse({"team": team.name, "cost_center": team.cost_center, "staff": staff})


def manager_of(request, employee_id: int):
    emp = get_object_or_404(Employee.objects.select_related("manager__team"), pk=employee_id)
    boss = emp.manager
    return JsonResponse({"manager": boss.full_name if boss else None,
                         "team": boss.team.name if boss and boss.team else None})
