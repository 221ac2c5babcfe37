from rest_framework.response import Response
from rest_framework.views import APIView

from channels.models import Channel, Episode
from channels.serializers import ChannelSerializer, EpisodeSerializer


class EpisodeSearch(APIView):
    def get(self, request):
        episodes = Episode.objects.filter(title__icontains=request.GET.get("q", ""))
        if request.GET.get("show") == "titles":
            episodes = episodes.values("title")[:40]
            return Response(episodes)
        episodes = episodes.order_by("title")[:1000]
        return Response(EpisodeSerializer(episodes, many=True).data)


class ChannelList(APIView):
    def get(self, request):
        return Response(ChannelSerializer(Channel.objects.all(), many=True).data)


class TopicEpisodes(APIView):
    def get(self, request):
        episodes = Episode.objects.prefetch_related("topics")
        return Response(EpisodeSerializer(episodes, many=True).data)
