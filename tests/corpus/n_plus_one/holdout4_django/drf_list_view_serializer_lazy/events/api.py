from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from events.models import Event


class EventRowSerializer(serializers.ModelSerializer):
    venue_name = serializers.SerializerMethodField()
    checked_in = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ("id", "title", "starts", "venue_name", "checked_in")

    def get_venue_name(self, obj):
        return obj.venue.name  # expect: ORM101

    def get_checked_in(self, obj):
        return sum(1 for t in obj.tickets.all() if t.checked_in)  # expect: ORM101


class UpcomingEvents(generics.ListAPIView):
    serializer_class = EventRowSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Event.objects.filter(starts__gte=self.request.query_params.get("from", "1970-01-01"))
