from django.http import JsonResponse
from django.views.decorators.http import require_GET

from helpdesk.models import Ticket


@require_GET
def queue(request):
    rows = []
    tickets = Ticket.objects.select_related("assignee").order_by("opened")[:200]
    for t in tickets:
        item = {"id": t.pk, "subject": t.subject, "escalated": t.escalated_to_id is not None}
        if t.assignee_id:
            item["assignee"] = t.assignee.display_name
        rows.append(item)
    return JsonResponse({"tickets": rows})
