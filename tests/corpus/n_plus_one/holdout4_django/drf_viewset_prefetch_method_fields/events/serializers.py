from rest_framework import serializers

from events.models import Event


class EventSerializer(serializers.ModelSerializer):
    venue_label = serializers.SerializerMethodField()
    speaker_names = serializers.SerializerMethodField()
    sold = serializers.IntegerField(source="sold_count", read_only=True)

    class Meta:
        model = Event
        fields = ("id", "title", "starts", "venue_label", "speaker_names", "sold")

    def get_venue_label(self, obj: Event) -> str:
        return f"{obj.venue.name}, {obj.venue.city}"

    def get_speaker_names(self, obj: Event) -> list[str]:
        return [u.get_full_name() for u in obj.speakers.all()]
