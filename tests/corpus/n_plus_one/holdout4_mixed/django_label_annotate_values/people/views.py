from django.db.models import Count, Sum
from django.http import JsonResponse
from django.views.generic import ListView

from people.models import Employee, Team


class TeamListView(ListView):
    template_name = "people/team_list.html"
    context_object_name = "teams"

    def get_queryset(self):
        return Team.objects.annotate(headcount=Count("members")).order_by("name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sizes"] = {t.name: t.headcount for t in ctx["teams"]}
        return ctx


def workload(request):
    rows = (Employee.objects
            .values("full_name", "team__name")
            .annotate(hours=Sum("assignments__hours")))
    data = [{"name": r["full_name"], "team": r["team__name"], "hours": r["hours"] or 0} for r in rows]
    return JsonResponse({"rows": data})


def emails_by_team(request):
    pairs = Employee.objects.values_list("team_id", "email")
    grouped: dict[int | None, list[str]] = {}
    for team_id, email in pairs:
        grouped.setdefault(team_id, []).append(email)
    return JsonResponse({str(k): v for k, v in grouped.items()})
