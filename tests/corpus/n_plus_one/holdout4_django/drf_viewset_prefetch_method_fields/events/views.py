from django.db.models import Count
from rest_framework import viewsets

from events.models import Event
from events.serializers import EventSerializer


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer

    def get_queryset(self):
        return (
            Event.objects.select_related("venue")
            .prefetch_related("speakers")
            .annotate(sold_count=Count("tickets"))
            .order_by("starts")
        )
