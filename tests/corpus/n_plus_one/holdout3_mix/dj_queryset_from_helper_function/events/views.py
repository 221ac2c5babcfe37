from django.utils import timezone
from django.views.decorators.http import require_GET
from django.http import JsonResponse

from events.models import Event


def upcoming_events():
    return Event.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")


@require_GET
def calendar(request):
    data = []
    for event in upcoming_events():
        data.append(
            {
                "name": event.name,
                "city": event.venue.city,  # expect: ORM101
                "going": event.attendees.count(),  # expect: ORM101
            }
        )
    return JsonResponse({"events": data})
