from django.db.models import Prefetch
from django.views.generic import TemplateView

from forum.models import Reply, Thread


class ThreadIndexView(TemplateView):
    template_name = "forum/index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        approved = Reply.objects.filter(approved=True)
        threads = Thread.objects.prefetch_related(Prefetch("replies", queryset=approved, to_attr="approved_replies"))
        ctx["rows"] = [
            # to_attr fills thread.approved_replies, not the manager's cache: .all() queries again.
            (t.title, [r.body for r in t.replies.all()])  # expect: ORM101
            for t in threads
        ]
        return ctx
