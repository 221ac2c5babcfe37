from django.db.models import Prefetch
from django.views.generic import ListView

from .models import Reply, Thread


class ThreadListView(ListView):
    template_name = "forum/threads.html"

    def get_queryset(self):
        visible = Reply.objects.filter(hidden=False).order_by("-created")
        return Thread.objects.prefetch_related(
            Prefetch("replies", queryset=visible, to_attr="visible_replies")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["previews"] = {
            t.pk: [r.body[:80] for r in t.visible_replies[:3]] for t in ctx["object_list"]
        }
        return ctx
