from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from projects.models import Task


class TenantTaskView(LoginRequiredMixin, ListView):
    model = Task

    def get_queryset(self):
        return Task.objects.filter(project__org_id=self.request.user.profile.org_id)


class OverdueTaskView(TenantTaskView):
    template_name = "projects/overdue.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["groups"] = {}
        for task in self.object_list:
            key = task.project.name  # expect: ORM101
            ctx["groups"].setdefault(key, []).append(task.title)
        return ctx
