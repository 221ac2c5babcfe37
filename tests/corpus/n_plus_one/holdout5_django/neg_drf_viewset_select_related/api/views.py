from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from projects.models import Project


class ProjectSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.username", read_only=True)
    member_names = serializers.SlugRelatedField(
        source="members", many=True, read_only=True, slug_field="username"
    )

    class Meta:
        model = Project
        fields = ["id", "name", "owner_name", "member_names"]


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    queryset = Project.objects.select_related("owner").prefetch_related("members")

    @action(detail=False)
    def owners(self, request):
        projects = Project.objects.select_related("owner").filter(name__icontains=request.query_params.get("q", ""))
        return Response([{"project": p.name, "owner": p.owner.username} for p in projects])

    @action(detail=False)
    def member_counts(self, request):
        projects = Project.objects.prefetch_related("members")
        return Response({p.name: len(p.members.all()) for p in projects})
