from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from people.models import Team


@require_GET
def team_report(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    staff = []
    for emp in team.members.order_by("full_name"):
        staff.append({
            "name": emp.full_name,
            "projects": [p.name for p in emp.projects.all()],  # expect: ORM101
            "manager": emp.manager.full_name if emp.manager_id else None,  # expect: ORM101
            "team_id": emp.team_id,
        })
    return JsonResponse({"team": team.name, "staff": staff})
