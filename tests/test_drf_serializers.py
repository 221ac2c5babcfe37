"""DRF serializers given many objects: per-object lazy loads (ORM101) and queries (ORM102)."""

import json
import textwrap

import pytest
from click.testing import CliRunner
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.rules.queries.query_in_loop import QueryInLoop

from ormlint.engine.cli import main
from ormlint.index.facts import LOADER_DEFAULT
from ormlint.testing import build_index, lint_source

MODELS = {
    "library/models.py": """
        from django.db import models

        class Country(models.Model):
            name = models.CharField(max_length=60)

        class Publisher(models.Model):
            name = models.CharField(max_length=120)
            country = models.ForeignKey(Country, on_delete=models.PROTECT)

        class Tag(models.Model):
            label = models.CharField(max_length=30)

        class Author(models.Model):
            name = models.CharField(max_length=120)

        class Book(models.Model):
            title = models.CharField(max_length=200)
            publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT)
            author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="books")
            tags = models.ManyToManyField(Tag)

        class Review(models.Model):
            book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
            rating = models.PositiveSmallIntegerField()
    """,
}

SERIALIZERS = """
from django.db.models import Avg
from rest_framework import serializers

from library.models import Book, Review


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = "library.Publisher"
        fields = ["id", "name"]


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "rating"]


class BookSerializer(serializers.ModelSerializer):
    publisher_name = serializers.SerializerMethodField()
    average_rating = serializers.SerializerMethodField()
    tag_labels = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "publisher_name", "average_rating", "tag_labels"]

    def get_publisher_name(self, obj):
        return obj.publisher.name

    def get_average_rating(self, obj):
        return Review.objects.filter(book=obj).aggregate(avg=Avg("rating"))["avg"]

    def get_tag_labels(self, obj):
        return [t.label for t in obj.tags.all()]
"""
PUBLISHER, QUERY, TAGS = 29, 32, 35  # lines of obj.publisher, the Review query, obj.tags.all()


def findings(views: str, serializers: str = SERIALIZERS, extra: dict | None = None):
    """(line, code) of the ORM101/ORM102 findings in library/serializers.py."""
    files = {**MODELS, "library/views.py": views, **(extra or {})}
    found = lint_source(serializers, [LazyLoadInLoop, QueryInLoop], path="library/serializers.py", files=files)
    return sorted((f.span.line, f.code) for f in found)


def messages(views: str, serializers: str = SERIALIZERS):
    files = {**MODELS, "library/views.py": views}
    return [f.message for f in lint_source(serializers, [LazyLoadInLoop, QueryInLoop],
                                           path="library/serializers.py", files=files)]


ALL = [(PUBLISHER, "ORM101"), (QUERY, "ORM102"), (TAGS, "ORM101")]

POSITIVES = [
    # an APIView serializing a queryset with many=True
    ("""
        from rest_framework.views import APIView
        from library.models import Book
        from library.serializers import BookSerializer

        class BookListView(APIView):
            def get(self, request):
                books = Book.objects.order_by("title")
                return Response(BookSerializer(books, many=True).data)
    """, ALL),
    # a list view's serializer_class over its queryset attribute
    ("""
        from rest_framework import generics
        from library.models import Book
        from library.serializers import BookSerializer

        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()
            serializer_class = BookSerializer
    """, ALL),
    # a viewset whose get_queryset eager-loads something else
    ("""
        from rest_framework import viewsets
        from library.models import Book
        from library.serializers import BookSerializer

        class BookViewSet(viewsets.ReadOnlyModelViewSet):
            serializer_class = BookSerializer

            def get_queryset(self):
                return Book.objects.filter(title__isnull=False).select_related("author")
    """, ALL),
    # a function view over a related manager, the serializer module imported whole
    ("""
        from rest_framework.decorators import api_view
        from library import serializers
        from library.models import Author

        @api_view(["GET"])
        def author_books(request, pk):
            author = Author.objects.get(pk=pk)
            return Response(serializers.BookSerializer(author.books.all(), many=True).data)
    """, ALL),
    # a custom list action: paginated, filtered rows of get_queryset, through self.get_serializer
    ("""
        from rest_framework import mixins, viewsets
        from library.models import Book
        from library.serializers import BookSerializer

        class BookViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
            serializer_class = BookSerializer
            queryset = Book.objects.select_related("author")

            def list(self, request):
                queryset = self.filter_queryset(self.get_queryset())
                page = self.paginate_queryset(queryset)
                return self.get_paginated_response(self.get_serializer(page, many=True).data)
    """, ALL),
    # prefetched tags, but the publisher is not selected: only the publisher is reported
    ("""
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            qs = Book.objects.prefetch_related("tags")
            qs = qs.filter(title__startswith="A")
            return BookSerializer(qs, many=True).data
    """, [(PUBLISHER, "ORM101"), (QUERY, "ORM102")]),
    # a project base view that lists, in another module
    ("""
        from library.base import BaseList
        from library.models import Book
        from library.serializers import BookSerializer

        class BookList(BaseList):
            queryset = Book.objects.prefetch_related("tags")
            serializer_class = BookSerializer
    """, [(PUBLISHER, "ORM101"), (QUERY, "ORM102")]),
]


@pytest.mark.parametrize("views,expected", POSITIVES)
def test_positives(views, expected):
    base = {"library/base.py": """
        from rest_framework.generics import ListAPIView

        class BaseList(ListAPIView):
            pagination_class = None
    """}
    assert findings(views, extra=base) == expected


def test_eager_loaded_in_the_view_leaves_only_the_explicit_query():
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            books = Book.objects.select_related("publisher__country").prefetch_related("tags")
            return BookSerializer(books, many=True).data
    """
    assert findings(views) == [(QUERY, "ORM102")]  # a nested path covers its first hop too


NEGATIVES = [
    # a serializer only used for one object
    """
        from rest_framework import generics
        from library.models import Book
        from library.serializers import BookSerializer

        class BookDetail(generics.RetrieveAPIView):
            queryset = Book.objects.all()
            serializer_class = BookSerializer

        def one(request, pk):
            return BookSerializer(Book.objects.get(pk=pk)).data
    """,
    # writes: many=True with data, no instances
    """
        from library.serializers import BookSerializer

        def import_books(request):
            serializer = BookSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
    """,
    # a literal list of objects
    """
        from library.serializers import BookSerializer

        def pair(request, first, second):
            return BookSerializer([first, second], many=True).data
    """,
]


@pytest.mark.parametrize("views", NEGATIVES)
def test_negatives(views):
    assert findings(views) == []


@pytest.mark.parametrize("views", [
    # a custom queryset method may eager-load: unknowable
    """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.with_everything(), many=True).data
    """,
    # a parameter, and a helper's result
    """
        from library.serializers import BookSerializer
        from library.queries import visible_books

        def export(request, books):
            return BookSerializer(books, many=True).data, BookSerializer(visible_books(request), many=True).data
    """,
    # get_queryset built by a helper
    """
        from rest_framework import viewsets
        from library.serializers import BookSerializer
        from library.queries import visible_books

        class BookViewSet(viewsets.ModelViewSet):
            serializer_class = BookSerializer

            def get_queryset(self):
                return visible_books(self.request)
    """,
])
def test_opaque_querysets_cover_relations_but_not_explicit_queries(views):
    assert findings(views) == [(QUERY, "ORM102")]


def test_a_custom_queryset_method_that_only_filters_keeps_the_rows_known():
    """``Book.objects.visible_to(user)`` where the model's QuerySet class (another module's, through
    ``as_manager()``) defines ``visible_to`` returning ``self``, ``self.none()`` or ``self.filter(...)`` (whatever
    it asks of other objects): the same rows, nothing eager-loaded, so the serializer's relation reads are per
    object. A method that eager-loads (``with_everything``, through a local name), one that builds something
    else, or one no class of the model defines: unknowable."""
    models = {"library/models.py": MODELS["library/models.py"].replace(
        "class Book(models.Model):", "class Book(models.Model):\n            objects = BookQuerySet.as_manager()").replace(
        "from django.db import models", "from django.db import models\n        from library.querysets import BookQuerySet"),
        "library/querysets.py": """
        from django.db import models

        class BookQuerySet(models.QuerySet):
            def visible_to(self, user):
                if user.is_superuser or user.groups.exists():
                    return self
                if not user.is_active:
                    return self.none()
                result = self
                if user.is_staff:
                    result = result.filter(title__isnull=False)
                return result

            def narrowed(self, qs):
                qs = qs.filter(title__isnull=False)
                return qs

            def with_everything(self):
                qs = self.filter(title__isnull=False)
                qs = qs.select_related("publisher__country").prefetch_related("tags")
                return qs
    """}
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.visible_to(request.user).order_by("title"), many=True).data
    """
    files = {**models, "library/views.py": views}

    def found(files):
        return sorted((f.span.line, f.code) for f in lint_source(
            SERIALIZERS, [LazyLoadInLoop, QueryInLoop], path="library/serializers.py", files=files))

    assert found(files) == ALL
    rebound = """
        from rest_framework import generics
        from library.models import Book
        from library.serializers import BookSerializer

        class Books(generics.ListAPIView):
            serializer_class = BookSerializer

            def get_queryset(self):
                queryset = Book.objects.with_everything()
                if self.request.query_params.get("q"):
                    queryset = queryset.filter(title__icontains=self.request.query_params["q"])
                return queryset
    """
    assert found({**files, "library/views.py": rebound}) == [(QUERY, "ORM102")]  # both bindings go through it
    for method in ("with_everything()", "unknown_method()", "narrowed(Book.objects.all())"):
        other = {**files, "library/views.py": views.replace("visible_to(request.user)", method)}
        assert found(other) == [(QUERY, "ORM102")]


def test_a_viewset_whose_own_list_serializes_with_another_class_does_not_list_its_serializer_class():
    """``serializer_class = BookSerializer`` (the detail serializer) while ``list()`` serializes with a class it
    names itself: BookSerializer serves one object per request. A ``list()`` handing on to ``super().list()`` or
    to ``self.get_serializer(...)`` still lists with it."""
    views = """
        from rest_framework import viewsets
        from rest_framework.response import Response
        from library.models import Book
        from library.serializers import BookSerializer, PublisherSerializer

        class BookViewSet(viewsets.ModelViewSet):
            queryset = Book.objects.all()
            serializer_class = BookSerializer

            def list(self, request):
                return Response(PublisherSerializer(Book.objects.none(), many=True).data)
    """
    assert findings(views) == []
    for body in ("return super().list(request)",
                 "return Response(self.get_serializer(self.get_queryset(), many=True).data)"):
        handing_on = views.replace(
            "return Response(PublisherSerializer(Book.objects.none(), many=True).data)", body)
        assert findings(handing_on) == ALL


def test_eager_loading_in_get_queryset_and_prefetch_objects():
    views = """
        from django.db.models import Prefetch
        from rest_framework import viewsets
        from library.models import Book, Tag
        from library.serializers import BookSerializer

        class BookViewSet(viewsets.ModelViewSet):
            serializer_class = BookSerializer

            def get_queryset(self):
                qs = super().get_queryset().filter(title__isnull=False)
                if self.request.user.is_staff:
                    return Book.objects.select_related("publisher").prefetch_related(
                        Prefetch("tags", queryset=Tag.objects.order_by("label")))
                return Book.objects.select_related("publisher").prefetch_related("tags")
    """
    assert findings(views) == [(QUERY, "ORM102")]


def test_every_return_of_get_queryset_must_eager_load():
    views = """
        from rest_framework import generics
        from library.models import Book
        from library.serializers import BookSerializer

        class BookList(generics.ListCreateAPIView):
            serializer_class = BookSerializer

            def get_queryset(self):
                if self.request.GET.get("all"):
                    return Book.objects.all()
                return Book.objects.select_related("publisher").prefetch_related("tags")
    """
    assert findings(views) == ALL


def test_any_usage_missing_the_eager_load_is_named():
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def full(request):
            return BookSerializer(Book.objects.select_related("publisher").prefetch_related("tags"), many=True).data

        def bare(request):
            return BookSerializer(Book.objects.prefetch_related("tags"), many=True).data
    """
    found = messages(views)
    assert len(found) == 2
    lazy = next(m for m in found if "lazily loads" in m)
    assert "`obj.publisher` lazily loads Book.publisher (ForeignKey to Publisher) once per object serialized by " \
           "`BookSerializer(..., many=True)` in `bare` (library/views.py), which calls `get_publisher_name` " \
           "for each (N+1); add `.select_related(\"publisher\")` to the query" == lazy


def test_serializer_without_many_usage_is_silent():
    assert findings("from library.serializers import BookSerializer\n") == []


def test_fields_read_per_object():
    serializers = """
        from rest_framework import serializers
        from library.models import Book

        class PublisherSerializer(serializers.ModelSerializer):
            class Meta:
                model = "library.Publisher"
                fields = ["id", "name"]

        class BookSerializer(serializers.ModelSerializer):
            publisher_name = serializers.CharField(source="publisher.name")
            country = serializers.CharField(source="publisher.country.name", read_only=True)
            publisher = PublisherSerializer(read_only=True)
            author_name = serializers.SlugRelatedField(source="author", slug_field="name", read_only=True)
            author_id = serializers.PrimaryKeyRelatedField(source="author", read_only=True)
            tag_ids = serializers.PrimaryKeyRelatedField(source="tags", many=True, read_only=True)
            reviews = serializers.StringRelatedField(many=True)
            everything = serializers.DictField(source="*")
            raw_publisher = serializers.IntegerField(source="publisher_id")
            secret = serializers.CharField(source="author.name", write_only=True)

            class Meta:
                model = Book
                exclude = ["tags"]
    """
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.select_related("publisher"), many=True).data
    """
    # 11: publisher.country is not selected; 13: the author row for its slug; 15: tags, 16: reviews per book
    assert findings(views, serializers) == [(11, "ORM101"), (13, "ORM101"), (15, "ORM101"), (16, "ORM101")]
    messages_ = [f.message for f in lint_source(serializers, LazyLoadInLoop, path="library/serializers.py",
                                                files={**MODELS, "library/views.py": views})]
    assert "add `.select_related(\"publisher__country\")` to the query" in messages_[0]
    assert "add `.prefetch_related(\"tags\")`" in messages_[2]


def test_nested_serializers_on_relations():
    serializers = """
        from rest_framework import serializers
        from library.models import Book, Review

        class ReviewSerializer(serializers.ModelSerializer):
            class Meta:
                model = Review
                fields = ["rating"]

        class BookSerializer(serializers.ModelSerializer):
            reviews = ReviewSerializer(many=True, read_only=True)
            latest = ReviewSerializer(source="reviews", many=True, read_only=True)

            class Meta:
                model = Book
                fields = ["title", "reviews", "latest"]
    """
    bare = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.all(), many=True).data
    """
    prefetched = bare.replace("objects.all()", 'objects.prefetch_related("reviews")')
    assert findings(bare, serializers) == [(10, "ORM101"), (11, "ORM101")]
    assert findings(prefetched, serializers) == []


def test_relations_modelserializer_builds_from_meta_fields():
    serializers = """
        from rest_framework import serializers
        from library.models import Book

        class BookSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = ["title", "publisher", "tags", "reviews"]
                extra_kwargs = {"reviews": {"write_only": True}}

        class BookAllSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = "__all__"

        class BookNestedSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = ["title", "author"]
                depth = 1
    """
    views = """
        from library.models import Book
        from library.serializers import BookAllSerializer, BookNestedSerializer, BookSerializer

        def export(request):
            return (BookSerializer(Book.objects.all(), many=True).data,
                    BookAllSerializer(Book.objects.all(), many=True).data,
                    BookNestedSerializer(Book.objects.all(), many=True).data)
    """
    # a foreign key is serialized as its id (nested with depth=1); a many-to-many runs
    # book.tags.all() per book
    assert findings(views, serializers) == [(7, "ORM101"), (13, "ORM101"), (18, "ORM101")]
    eager = views.replace("objects.all()", 'objects.prefetch_related("tags").select_related("author")')
    assert findings(eager, serializers) == []


TRICKY_METHODS = """
    from rest_framework import serializers
    from library.models import Book

    class BaseBookSerializer(serializers.ModelSerializer):
        label = serializers.SerializerMethodField()

    class BookSerializer(BaseBookSerializer):
        publisher = serializers.SerializerMethodField("publisher_label")
        reviews = serializers.SerializerMethodField()

        class Meta:
            model = Book
            fields = ["publisher", "label", "reviews", "title"]

        def publisher_label(self, obj):
            return obj.publisher_id

        def get_label(self, obj):
            return f"{obj.title} ({getattr(obj, 'num_reviews', 0)}, {obj.avg_rating})"

        def get_reviews(self, obj):
            return obj.reviews.count()

        def get_title(self, obj):
            return obj.author.name

        def get_unused(self, obj):
            return obj.publisher.name

        def to_representation(self, instance):
            data = super().to_representation(instance)
            data["country"] = instance.publisher.country_id
            return data
"""


def test_method_fields_declared_inherited_or_named_and_their_free_reads():
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.annotate(num_reviews=Count("reviews")), many=True).data
    """
    # get_reviews queries, to_representation loads the publisher; obj.publisher_id, annotations
    # and methods that no field calls are free
    assert findings(views, TRICKY_METHODS) == [(22, "ORM101"), (32, "ORM101")]
    prefetched = views.replace("objects.annotate", 'objects.prefetch_related("reviews").select_related("publisher").annotate')
    assert findings(prefetched, TRICKY_METHODS) == []


def test_a_method_field_of_a_base_serializer_runs_only_where_meta_fields_names_it():
    """A subclass listing its fields (``fields = ("title",)``) leaves out the method fields its bases declare:
    their get_ methods never run for it (its inherited to_representation still does)."""
    minimal = TRICKY_METHODS + """
    class MinimalBookSerializer(BookSerializer):
        class Meta:
            model = Book
            fields = ("title",)
"""
    views = """
        from library.models import Book
        from library.serializers import MinimalBookSerializer

        def export(request):
            return MinimalBookSerializer(Book.objects.all(), many=True).data
    """
    assert findings(views, minimal) == [(32, "ORM101")]
    assert findings(views.replace("MinimalBookSerializer", "BookSerializer"), minimal) == [(22, "ORM101"), (32, "ORM101")]


def test_a_nested_serializer_field_of_a_base_serializer_serves_only_where_meta_fields_names_it():
    """DRF lets a subclass list a subset of the fields its bases declare: a summary serializer whose
    ``Meta.fields`` leaves out the base's nested ``reviews`` never reads them (the base, listed, does)."""
    serializers = """
    from rest_framework import serializers
    from library.models import Book, Review

    class ReviewSerializer(serializers.ModelSerializer):
        class Meta:
            model = Review
            fields = ["id", "rating"]

    class BookSerializer(serializers.ModelSerializer):
        reviews = ReviewSerializer(many=True)
        class Meta:
            model = Book
            fields = ["id", "title", "reviews"]

    class BookSummarySerializer(BookSerializer):
        class Meta:
            model = Book
            fields = ("id", "title")
"""
    views = """
        from library.models import Book
        from library.serializers import BookSummarySerializer

        def export(request):
            return BookSummarySerializer(Book.objects.all(), many=True).data
    """
    assert findings(views, serializers) == []
    assert findings(views.replace("BookSummarySerializer", "BookSerializer"), serializers) == [(10, "ORM101")]


def test_rows_of_a_manager_that_eager_loads_in_its_get_queryset_are_not_judged_by_the_view_alone():
    """A model whose default manager's ``get_queryset()`` prefetches (``super().get_queryset()
    .prefetch_related("tags")``) hands every list view rows that carry it, though the view's own query
    names no prefetch."""
    managed = {"library/models.py": MODELS["library/models.py"].replace(
        "class Book(models.Model):", """class BookManager(models.Manager):
            def get_queryset(self):
                return super().get_queryset().prefetch_related("tags")

        class Book(models.Model):
            objects = BookManager()""")}
    serializers = """
    from rest_framework import serializers
    from library.models import Book

    class BookSerializer(serializers.ModelSerializer):
        tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="label")
        publisher_name = serializers.CharField(source="publisher.name")
        class Meta:
            model = Book
            fields = ["id", "title", "tags", "publisher_name"]
"""
    views = """
        from rest_framework import generics
        from library.models import Book
        from library.serializers import BookSerializer

        class BookList(generics.ListAPIView):
            queryset = Book.objects.filter(title__startswith="A")
            serializer_class = BookSerializer
    """
    assert findings(views, serializers, extra=managed) == [(6, "ORM101")]  # the publisher: not what it loads
    assert findings(views, serializers) == [(5, "ORM101"), (6, "ORM101")]  # the plain manager
    unknown = {"library/models.py": managed["library/models.py"].replace('prefetch_related("tags")',
                                                                         'prefetch_related(*EAGER)')}
    assert findings(views, serializers, extra=unknown) == []  # what it loads is not written out


def test_serializer_defined_and_listed_in_the_same_module():
    code = "from rest_framework import generics" + SERIALIZERS + """

class BookList(generics.ListAPIView):
    queryset = Book.objects.select_related("publisher")
    serializer_class = BookSerializer
"""
    found = lint_source(code, [LazyLoadInLoop, QueryInLoop], path="library/api.py", files=MODELS)
    assert sorted((f.span.line, f.code) for f in found) == [(QUERY + 1, "ORM102"), (TAGS + 1, "ORM101")]


def _facts(code: str, path: str = "library/views.py"):
    index = build_index({**MODELS, path: textwrap.dedent(code)})
    return [(u.serializer, u.eager, u.root) + ((u.through,) if u.through else ())
            for u in index.files[path].serializer_usages]


def test_index_records_eager_paths_and_unknowable_querysets():
    facts = _facts("""
        from django.db.models import Prefetch
        from library.models import Author, Book
        from library.serializers import BookSerializer as S

        def a(request):
            return S(Book.objects.select_related("publisher__country").prefetch_related(
                Prefetch("reviews", to_attr="top"), "tags",
                Prefetch("author", queryset=Author.objects.prefetch_related("books"))), many=True)

        def b(request):
            qs = Book.objects.all()
            qs = qs.select_related()
            return S(instance=qs[:10], many=True)

        def c(request, qs):
            return S(qs, many=True), S(Book.objects.custom(), many=True), S(qs, many=False)

        def d(request):
            return S(Book.objects.prefetch_related(Prefetch("reviews", queryset=helper())), many=True)
    """)
    assert facts == [
        ("library.serializers.BookSerializer",
         ("author", "author__books", "publisher__country", "reviews", "tags", "top"), "library.models.Book.objects"),
        ("library.serializers.BookSerializer", (LOADER_DEFAULT,), "library.models.Book.objects"),
        ("library.serializers.BookSerializer", None, ""),
        # a method the manager's QuerySet class may define: resolved with the whole index
        ("library.serializers.BookSerializer", (), "library.models.Book.objects", ("custom",)),
        ("library.serializers.BookSerializer", None, ""),
    ]


def test_index_skips_modules_without_serializers():
    assert _facts("""
        from library.forms import BookForm

        def a(request):
            return BookForm(request.POST, many=True)
    """) == []


PARENT_SERIALIZER = """
    from rest_framework import serializers
    from library.models import Book

    class BookSerializer(serializers.ModelSerializer[Book]):
        author_name = serializers.CharField(source="author.name")

        class Meta:
            model = Book
            fields = ["title", "author_name"]
"""


def test_rows_of_a_reverse_foreign_key_come_with_their_parent():
    views = """
        from library.models import Author
        from library.serializers import BookSerializer

        def author_books(request, pk):
            author = Author.objects.get(pk=pk)
            return BookSerializer(author.books.order_by("title"), many=True).data
    """
    assert findings(views, PARENT_SERIALIZER) == []
    listed = views.replace("author.books.order_by", "Book.objects.filter(author=author).order_by").replace(
        "import Author", "import Author, Book")
    assert findings(listed, PARENT_SERIALIZER) == [(5, "ORM101")]


def test_relation_of_a_loop_variable_may_be_prefetched():
    views = """
        from library.models import Author
        from library.serializers import BookSerializer

        def export(request):
            authors = Author.objects.prefetch_related("books__author")
            return {a.pk: BookSerializer(a.books.all(), many=True).data for a in authors}
    """
    assert findings(views, PARENT_SERIALIZER.replace("author.name", "publisher.name")) == []


def test_third_party_model_serializer_base_and_annotated_fields():
    serializers = """
        from i18nfield.rest_framework import I18nAwareModelSerializer
        from rest_framework import serializers
        from library.models import Book, Tag

        class BookSerializer(I18nAwareModelSerializer):
            tags: serializers.SlugRelatedField[Tag] = serializers.SlugRelatedField(slug_field="label", many=True, read_only=True)

            class Meta:
                model = Book
                fields = ["title", "tags"]
    """
    views = """
        from rest_framework import viewsets
        from library.models import Book
        from library.serializers import BookSerializer

        class BookViewSet(viewsets.ModelViewSet):
            queryset = Book.objects.all()
            serializer_class = BookSerializer
    """
    assert findings(views, serializers) == [(6, "ORM101")]


def test_function_views_are_indexed_in_a_real_run(tmp_path):
    project = {
        **MODELS,
        "library/serializers.py": SERIALIZERS,
        "library/views.py": """
            from library.models import Book
            from library.serializers import BookSerializer

            def export(request):
                return BookSerializer(Book.objects.all(), many=True).data
        """,
    }
    for path, code in project.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(code).lstrip("\n"))
    (tmp_path / "pyproject.toml").write_text("[tool.ormlint]\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", "--exit-zero", "--format", "json",
                                       "--select", "ORM101,ORM102", str(tmp_path)])
    assert sorted((f["line"], f["code"]) for f in json.loads(result.stdout)) == ALL


def test_a_loaded_foreign_key_is_reported_once_per_serializer():
    serializers = """
        from rest_framework import serializers
        from library.models import Book

        class BookSerializer(serializers.ModelSerializer):
            publisher_name = serializers.CharField(source="publisher.name")
            country = serializers.SerializerMethodField()
            first_tag = serializers.SerializerMethodField()
            tag_count = serializers.SerializerMethodField()

            class Meta:
                model = Book
                fields = ["publisher_name", "country", "first_tag", "tag_count"]

            def get_country(self, obj):
                return obj.publisher.country_id

            def get_first_tag(self, obj):
                return obj.tags.first()

            def get_tag_count(self, obj):
                return obj.tags.count()
    """
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.all(), many=True).data
    """
    # obj.publisher queries once and stays cached; each manager call queries again
    assert findings(views, serializers) == [(5, "ORM101"), (18, "ORM101"), (21, "ORM101")]


def test_a_project_base_view_may_eager_load_in_its_get_queryset():
    views = """
        from library.base import PrefetchingViewSet
        from library.models import Book
        from library.serializers import BookSerializer

        class BookViewSet(PrefetchingViewSet):
            queryset = Book.objects.all()
            serializer_class = BookSerializer

            def list(self, request):
                return Response(self.get_serializer(self.get_queryset(), many=True).data)
    """
    base = {"library/base.py": """
        from rest_framework.viewsets import ModelViewSet

        class PrefetchingViewSet(ModelViewSet):
            def get_queryset(self):
                return self.queryset.prefetch_related(*prefetches_for(self.serializer_class))
    """}
    assert findings(views, extra=base) == [(QUERY, "ORM102")]


def test_a_list_serializer_of_its_own_may_prefetch_for_all_objects():
    serializers = SERIALIZERS.replace('''        fields = ["id", "title", "publisher_name", "average_rating", "tag_labels"]''', '''        fields = ["id", "title", "publisher_name", "average_rating", "tag_labels"]
        list_serializer_class = PrefetchingListSerializer''')
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.all(), many=True).data
    """
    assert findings(views, serializers) == [(QUERY + 1, "ORM102")]


def test_objects_prefetched_after_the_query():
    views = """
        from django.db.models import prefetch_related_objects
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            books = list(Book.objects.all())
            prefetch_related_objects(books, "publisher", "tags")
            return BookSerializer(books, many=True).data
    """
    assert findings(views) == [(QUERY, "ORM102")]


def test_method_fields_of_a_mixin_of_the_same_module_run_per_object():
    """DRF binds a SerializerMethodField declared on a base class (a mixin) like its own: the mixin's
    ``get_`` method runs once per object of every serializer deriving from it."""
    serializers = '''
from rest_framework import serializers

from library.models import Book


class TagLabelsMixin(serializers.Serializer):
    tag_labels = serializers.SerializerMethodField()

    def get_tag_labels(self, obj):
        return [t.label for t in obj.tags.all()]


class BookSerializer(TagLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title", "tag_labels"]
'''
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.all(), many=True).data
    """
    assert findings(views, serializers) == [(10, "ORM101")]
    assert findings(views.replace("objects.all()", 'objects.prefetch_related("tags")'), serializers) == []
    # the mixin alone is never given many objects; a subclass overriding the method reads nothing
    override = serializers + '''
    def get_tag_labels(self, obj):
        return []
'''
    assert findings(views, override) == []


def test_a_values_queryset_on_another_path_leaves_the_eager_loads_known():
    """``qs.values(...)`` yields dicts, which load nothing lazily: a name that is such a queryset on one
    path (returned before the serializer) does not make the serializer's rows unknowable."""
    facts = _facts("""
        from library.models import Book
        from library.serializers import BookSerializer as S

        def search(request):
            qs = Book.objects.filter(title__icontains=request.GET["q"])
            if request.GET.get("show") == "titles":
                qs = qs.values("title")[:40]
                return Response(qs)
            qs = qs.prefetch_related("tags")[:1000]
            return S(qs, many=True)
    """)
    assert facts == [("library.serializers.BookSerializer", ("tags",), "library.models.Book.objects")]
    # a helper's result on the other path stays unknowable
    assert _facts("""
        from library.models import Book
        from library.serializers import BookSerializer as S

        def search(request):
            qs = Book.objects.filter(title__icontains=request.GET["q"])
            if request.GET.get("mine"):
                qs = request.user.books()
            return S(qs, many=True)
    """) == [("library.serializers.BookSerializer", None, "")]


def test_a_model_property_named_in_meta_fields_runs_per_object():
    """ModelSerializer serves a ``Meta.fields`` name that is a model property (or method) with a
    read-only field reading ``obj.<name>``: what the property loads, it loads once per object."""
    models = {"library/models.py": MODELS["library/models.py"].replace("""
            tags = models.ManyToManyField(Tag)
""", """
            tags = models.ManyToManyField(Tag)

            @property
            def review_count(self):
                return self.reviews.filter(rating__gte=1).count()

            @property
            def short_title(self):
                return self.title[:20]
""")}
    serializers = '''
from rest_framework import serializers

from library.models import Book


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title", "review_count", "short_title"]
'''
    views = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            return BookSerializer(Book.objects.all(), many=True).data
    """
    found = lint_source(serializers, [LazyLoadInLoop, QueryInLoop], path="library/serializers.py",
                        files={**models, "library/views.py": views})
    assert [(f.span.line, f.code) for f in found] == [(9, "ORM101")]
    assert "runs Book.review_count, which queries Book.reviews" in found[0].message
    # a field declared on the serializer under that name reads something else; the property is not run
    declared = serializers.replace("class Meta:", 'review_count = serializers.IntegerField(source="id")\n\n    class Meta:')
    assert lint_source(declared, [LazyLoadInLoop, QueryInLoop], path="library/serializers.py",
                       files={**models, "library/views.py": views}) == []


def test_a_test_serializing_rows_it_made_is_no_usage_of_the_project():
    """A test case, a ``test_`` function or a fixture giving the serializer ``many`` objects serializes
    rows the test made; the project's own usage decides (here it eager-loads everything)."""
    tests = {"library/tests/test_export.py": """
        import pytest
        from django.test import TestCase
        from library.models import Book
        from library.serializers import BookSerializer

        class ExportTests(TestCase):
            def test_export(self):
                BookSerializer(Book.objects.all(), many=True).data

        def test_plain():
            BookSerializer(Book.objects.all(), many=True).data

        @pytest.fixture
        def exported():
            return BookSerializer(Book.objects.all(), many=True).data
    """}
    eager = """
        from library.models import Book
        from library.serializers import BookSerializer

        def export(request):
            qs = Book.objects.select_related("publisher").prefetch_related("tags")
            return BookSerializer(qs, many=True).data
    """
    assert findings(eager, extra=tests) == [(QUERY, "ORM102")]
    helper = {"library/tests/helpers.py": tests["library/tests/test_export.py"].replace(
        "def test_plain", "def serialize_all")}
    assert findings(eager, extra=helper) == ALL  # a helper a test calls is not itself a test


VIEWSET = """
    from rest_framework import viewsets
    from library.models import Book
    from library.serializers import BookSerializer

    class BookViewSet(viewsets.ReadOnlyModelViewSet):
        queryset = Book.objects.all()
        serializer_class = BookSerializer
"""


@pytest.mark.parametrize("urls,expected", [
    # routed for one object only: the serializer runs once per request
    ("""
        from django.urls import path
        from library.views import BookViewSet

        urlpatterns = [path("books/<int:pk>/", BookViewSet.as_view({"get": "retrieve"}))]
    """, []),
    ("""
        from django.urls import path
        from library import views

        urlpatterns = [
            path("books/<int:pk>/", views.BookViewSet.as_view(actions={"get": "retrieve", "delete": "destroy"})),
        ]
    """, []),
    # a list action among the routes
    ("""
        from django.urls import path
        from library.views import BookViewSet

        urlpatterns = [
            path("books/<int:pk>/", BookViewSet.as_view({"get": "retrieve"})),
            path("books/", BookViewSet.as_view({"get": "list"})),
        ]
    """, ALL),
    # a router routes every action, list included
    ("""
        from django.urls import path
        from rest_framework.routers import DefaultRouter
        from library.views import BookViewSet

        router = DefaultRouter()
        router.register(r"books", BookViewSet)
        urlpatterns = [path("books/<int:pk>/", BookViewSet.as_view({"get": "retrieve"}))] + router.urls
    """, ALL),
    # a custom action may list: not known to be one object
    ("""
        from django.urls import path
        from library.views import BookViewSet

        urlpatterns = [path("books/recent/", BookViewSet.as_view({"get": "recent"}))]
    """, ALL),
    # no route seen at all: a list view lists
    ("""
        X = 1
    """, ALL),
])
def test_a_viewset_routed_for_single_objects_only_lists_nothing(urls, expected):
    assert findings(VIEWSET, extra={"library/urls.py": urls}) == expected


def test_a_subclass_of_a_viewset_routed_for_one_object_may_be_listed():
    urls = """
        from django.urls import path
        from rest_framework.routers import DefaultRouter
        from library.views import BookViewSet, AllBooks

        router = DefaultRouter()
        router.register(r"all", AllBooks)
        urlpatterns = [path("books/<int:pk>/", BookViewSet.as_view({"get": "retrieve"}))]
    """
    views = VIEWSET + """
    class AllBooks(BookViewSet):
        pass
"""
    assert findings(views, extra={"library/urls.py": urls}) == ALL


@pytest.mark.parametrize("method,expected", [
    # every class it may return for the list action is listed
    ("""
        def get_serializer_class(self):
            if self.request.query_params.get("full"):
                return BookSerializer
            return serializers.Serializer
    """, ALL),
    # a branch for other actions only is not the list's
    ("""
        def get_serializer_class(self):
            if self.action == "retrieve":
                return BookSerializer
            return serializers.Serializer
    """, []),
    ("""
        def get_serializer_class(self):
            if self.action in ("update", "partial_update"):
                return serializers.Serializer
            elif self.action != "list":
                return BookSerializer
            return serializers.Serializer
    """, []),
    ("""
        def get_serializer_class(self):
            if self.action == "list":
                return BookSerializer
            return serializers.Serializer
    """, ALL),
    # after `if self.action == "list": return ...`, the other actions' serializer
    ("""
        def get_serializer_class(self):
            if self.action == "list":
                return serializers.Serializer
            if self.action == "update":
                return serializers.Serializer
            return BookSerializer
    """, []),
    ("""
        def get_serializer_class(self):
            if self.action == "list": return serializers.Serializer
            return BookSerializer
    """, []),
    ("""
        def get_serializer_class(self):
            if self.action == "list": return BookSerializer
            return serializers.Serializer
    """, ALL),
    # a list is a GET: a POST branch's serializer is not the list's
    ("""
        def get_serializer_class(self):
            if self.request.method == "GET":
                return serializers.Serializer
            elif self.request.method == "POST":
                return BookSerializer
            return super().get_serializer_class()
    """, []),
    ("""
        def get_serializer_class(self):
            if self.request.method in ("POST", "PUT"):
                return serializers.Serializer
            return BookSerializer
    """, ALL),
])
def test_the_serializers_get_serializer_class_returns_for_the_list_action(method, expected):
    views = """
    from rest_framework import serializers, viewsets
    from library.models import Book
    from library.serializers import BookSerializer

    class BookViewSet(viewsets.ModelViewSet):
        queryset = Book.objects.all()
""" + textwrap.indent(textwrap.dedent(method), "        ")
    assert findings(views) == expected


def test_two_serializers_of_one_lineage_listed_by_a_view_report_a_shared_field_once():
    views = """
    from rest_framework import viewsets
    from library.models import Book
    from library.serializers import BookSerializer, FullBookSerializer

    class BookViewSet(viewsets.ReadOnlyModelViewSet):
        queryset = Book.objects.all()

        def get_serializer_class(self):
            return FullBookSerializer if self.request.GET.get("full") else BookSerializer
    """
    serializers = SERIALIZERS + """

class FullBookSerializer(BookSerializer):
    pass
"""
    assert findings(views, serializers) == ALL


@pytest.mark.parametrize("get_queryset, expected", [
    # the list action takes the last branch, which loads both relations: only the query per row stays
    ("""
        def get_queryset(self):
            queryset = Book.objects.all()
            if self.action in ["index"]:
                return queryset
            elif self.action == "export":
                return queryset.select_related("publisher")
            return queryset.select_related("publisher").prefetch_related("tags")
    """, [(QUERY, "ORM102")]),
    ("""
        def get_queryset(self):
            if self.action != "list":
                return Book.objects.all()
            return Book.objects.select_related("publisher").prefetch_related("tags")
    """, [(QUERY, "ORM102")]),
    # hard negatives: the list action may reach the bare queryset
    ("""
        def get_queryset(self):
            queryset = Book.objects.all()
            if self.action in ["list", "index"]:
                return queryset
            return queryset.select_related("publisher").prefetch_related("tags")
    """, ALL),
    ("""
        def get_queryset(self):
            if self.request.user.is_staff:
                return Book.objects.all()
            return Book.objects.select_related("publisher").prefetch_related("tags")
    """, ALL),
])
def test_a_get_queryset_branch_for_other_actions_does_not_stand_for_the_list(get_queryset, expected):
    """``get_queryset()`` returning other rows for other actions (``if self.action in ["index"]:``, an
    action with its own serializer): the view's serializer lists the rows of the branch the ``list``
    action takes."""
    views = """
    from rest_framework import viewsets
    from library.models import Book
    from library.serializers import BookSerializer

    class BookViewSet(viewsets.ModelViewSet):
        serializer_class = BookSerializer
""" + textwrap.indent(textwrap.dedent(get_queryset), "        ")
    assert findings(views) == expected


def test_a_custom_action_lists_the_rows_of_its_own_branch():
    """An ``@action`` serializing ``self.get_queryset()`` many gets the rows its own branch returns."""
    views = """
    from rest_framework import viewsets
    from rest_framework.decorators import action
    from rest_framework.response import Response
    from library.models import Book
    from library.serializers import BookSerializer

    class BookViewSet(viewsets.GenericViewSet):
        serializer_class = BookSerializer

        def get_queryset(self):
            if self.action == "recent":
                return Book.objects.select_related("publisher").prefetch_related("tags")
            return Book.objects.all()

        @action(detail=False)
        def recent(self, request):
            return Response(BookSerializer(self.get_queryset(), many=True).data)
    """
    assert findings(views) == [(QUERY, "ORM102")]


@pytest.mark.parametrize("mapping, expected", [
    ('{"list": serializers.Serializer, "export": serializers.Serializer}', []),
    ('{"export": serializers.Serializer}', ALL),  # no entry for list: the default serializer lists
])
def test_a_view_mapping_actions_to_serializers_lists_with_the_one_it_maps_list_to(mapping, expected):
    """A per-action mixin (``serializer_classes = {"list": LightSerializer}``, read by a base class's
    ``get_serializer_class()``): the list action serializes with the mapped class, not ``serializer_class``."""
    views = f"""
    from rest_framework import serializers, viewsets
    from library.models import Book
    from library.serializers import BookSerializer
    from library.mixins import SerializerPerActionMixin
    from rest_framework.permissions import AllowAny

    class BookViewSet(SerializerPerActionMixin, viewsets.ModelViewSet):
        queryset = Book.objects.all()
        permission_classes_by_action = {{"list": [AllowAny]}}
        serializer_classes = {mapping}
        serializer_class = BookSerializer
    """
    assert findings(views) == expected
