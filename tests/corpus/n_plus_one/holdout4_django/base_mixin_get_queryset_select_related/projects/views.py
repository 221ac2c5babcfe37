from collections import Counter

from django.views.generic import ListView

from .mixins import OrgScopedMixin
from .models import Task


class OpenTaskListView(OrgScopedMixin, ListView):
    model = Task
    paginate_by = 50
    template_name = "projects/open_tasks.html"

    def get_queryset(self):
        return super().get_queryset().filter(done=False)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        owners = Counter(task.project.owner.get_username() for task in ctx["object_list"])
        ctx["by_owner"] = owners.most_common(5)
        return ctx
