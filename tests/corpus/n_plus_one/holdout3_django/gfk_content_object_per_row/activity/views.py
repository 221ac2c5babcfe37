from django.http import JsonResponse

from activity.models import ActivityEntry

FEED_SIZE = 50


def feed(request):
    entries = ActivityEntry.objects.order_by("-created")
    items = []
    for entry in entries[:FEED_SIZE]:
        obj = entry.target  # expect: ORM101
        items.append({"verb": entry.verb, "what": str(obj), "type": entry.target_type_id})
    return JsonResponse({"items": items})
