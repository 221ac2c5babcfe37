"""What ormlint knows of the Django ORM."""

from __future__ import annotations

# QuerySet methods that return a QuerySet of the same rows (eager loads carry through).
DJANGO_CHAIN = frozenset({
    "all", "filter", "exclude", "order_by", "distinct", "reverse", "using", "annotate", "alias",
    "select_for_update", "complex_filter", "extra", "order_by", "none", "iterator", "with_translations",
})
DJANGO_UNFIXABLE = frozenset({"only", "defer", "union", "intersection", "difference", "iterator", "extra"})

# Django REST framework
DRF_LIST_VIEWS = ("ListAPIView", "ListCreateAPIView", "ModelViewSet", "ReadOnlyModelViewSet", "ListModelMixin")
DRF_MODEL_SERIALIZERS = ("ModelSerializer", "HyperlinkedModelSerializer")
DRF_SERIALIZERS = ("BaseSerializer", "Serializer", "ListSerializer") + DRF_MODEL_SERIALIZERS
DRF_PK_ONLY_FIELDS = ("PrimaryKeyRelatedField", "HyperlinkedRelatedField")  # read ``<fk>_id``, not the row
DRF_NO_SOURCE_FIELDS = ("SerializerMethodField", "HiddenField", "HyperlinkedIdentityField")  # read no attribute
DRF_PASS_THROUGH = frozenset({"filter_queryset", "paginate_queryset"})  # same rows, same eager loading
