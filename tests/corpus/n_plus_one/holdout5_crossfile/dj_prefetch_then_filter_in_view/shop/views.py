from django.views.generic import TemplateView

from shop import selectors


class RecentOrdersView(TemplateView):
    template_name = "shop/recent.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [
            (o.pk, len(o.lines.all()), o.lines.filter(qty__gt=1).count())  # expect: ORM101
            for o in selectors.recent_orders()
        ]
        return ctx
