from django.views.generic import ListView

from sales.models import Order

PAGE_SIZE = 50


class RecentOrdersView(ListView):
    template_name = "sales/recent.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Order.objects.order_by("-placed_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = []
        for order in Order.objects.filter(total_cents__gte=10_000)[:PAGE_SIZE]:
            rows.append(
                {
                    "number": order.number,
                    "customer": order.customer.name,  # expect: ORM101
                    "segment": order.customer.segment,
                }
            )
        ctx["big_orders"] = rows
        return ctx
