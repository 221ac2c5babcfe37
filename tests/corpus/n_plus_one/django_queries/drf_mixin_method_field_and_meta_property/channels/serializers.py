from rest_framework import serializers

from channels.models import Channel, Episode


class TopicTitlesMixin(serializers.Serializer):
    topic_titles = serializers.SerializerMethodField()

    def get_topic_titles(self, obj):
        return [topic.title for topic in obj.topics.all()]  # expect: ORM101


class EpisodeSerializer(TopicTitlesMixin, serializers.ModelSerializer):
    class Meta:
        model = Episode
        fields = ["id", "title", "topic_titles"]


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "name", "slug", "episode_count"]  # expect: ORM101
