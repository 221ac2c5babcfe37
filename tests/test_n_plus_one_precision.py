"""What the N+1 rules leave alone, and what they say, on code shaped like real projects' (ORM101/ORM102).

Each case is written from the ORM's semantics: a positive, and the hard negative next to it.
"""

from n1_models import DJANGO, PEEWEE, SQLALCHEMY, SQLMODEL, TORTOISE
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.rules.queries.query_in_loop import QueryInLoop

from ormlint.testing import lint_source

ALL = {**DJANGO, **SQLALCHEMY, **SQLMODEL, **PEEWEE, **TORTOISE}


def lazy(code, files=ALL, path="app/views.py"):
    return [(f.span.line, f.message) for f in lint_source(code, LazyLoadInLoop, path=path, files=files)]


def queries(code, files=ALL, path="app/views.py"):
    return [(f.span.line, f.message) for f in lint_source(code, QueryInLoop, path=path, files=files)]


def lines(found):
    return [line for line, _ in found]


# -- ORM101: the owner of the relation must change with the iteration ---------------------------

def test_relation_of_a_row_fetched_per_iteration_goes_with_that_fetch():
    # the get() is the per-iteration query (ORM102); reading its relation is not a second N+1
    code = """
from shop.models import OrderItem

def view(ids):
    while ids:
        item = OrderItem.objects.get(pk=ids.pop())
        print(item.product.name)
"""
    assert lines(lazy(code)) == []
    assert lines(queries(code)) == [5]


def test_helper_that_refetches_the_row_is_not_advised_an_eager_load_on_the_loop_query():
    code = """
from shop.models import Order

def notify(order_id):
    order = Order.objects.select_for_update().get(pk=order_id)
    print(order.customer.email)

def run():
    for order in Order.objects.all():
        notify(order.pk)
"""
    assert lines(lazy(code)) == []


def test_relation_of_the_loop_row_itself_is_still_reported():
    code = """
from shop.models import Order

def notify(order):
    print(order.customer.email)

def run():
    for order in Order.objects.all():
        notify(order)
"""
    assert lines(lazy(code)) == [8]


def test_a_get_queryset_branch_returning_none_does_not_hide_the_eager_load_of_the_other():
    # ``Model.objects.none()`` has no rows: only the other return decides what each object carries
    serializers = """
from rest_framework import serializers
from shop.models import Product

class ProductSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name")

    class Meta:
        model = Product
        fields = ["id", "category_name"]
"""
    views = """
from rest_framework import viewsets
from shop.models import Product
from shop.serializers import ProductSerializer

class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProductSerializer

    def get_queryset(self):
        if self.request.user.is_anonymous:
            return Product.objects.none()
        return Product.objects.select_related({related})
"""
    loaded = {**ALL, "shop/views.py": views.format(related='"category"')}
    assert lines(lazy(serializers, files=loaded, path="shop/serializers.py")) == []
    other = {**ALL, "shop/views.py": views.format(related='"editor"')}
    assert lines(lazy(serializers, files=other, path="shop/serializers.py")) == [5]


def test_a_helper_returning_none_on_one_path_keeps_the_eager_load_of_the_other():
    code = """
from shop.models import Product

def visible(user):
    if user is None:
        return Product.objects.none()
    return Product.objects.select_related("category")

def names(user):
    return [p.category.name for p in visible(user)]

def plain(user):
    if user is None:
        return Product.objects.none()
    return Product.objects.all()

def plain_names(user):
    return [p.category.name for p in plain(user)]
"""
    assert lines(lazy(code)) == [17]


def test_code_after_a_precomputed_attribute_guard_is_a_fallback_not_a_per_row_query():
    # the view annotates ``has_tags``; the serializer queries only for objects that lack it
    serializers = """
from rest_framework import serializers
from shop.models import Product

class ProductSerializer(serializers.ModelSerializer):
    tagged = serializers.SerializerMethodField()
    labels = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "tagged", "labels"]

    def get_tagged(self, obj):
        if hasattr(obj, "has_tags"):
            return obj.has_tags
        return obj.tags.exists()

    def get_labels(self, obj):
        if getattr(obj, "tag_labels", None) is None:
            return [t.label for t in obj.tags.all()]
        return obj.tag_labels
"""
    views = """
from rest_framework import generics
from shop.models import Product
from shop.serializers import ProductSerializer

class ProductList(generics.ListAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
"""
    files = {**ALL, "shop/views.py": views}
    assert lines(lazy(serializers, files=files, path="shop/serializers.py")) == []
    unguarded = serializers.replace('if hasattr(obj, "has_tags"):', "if obj.pk is None:")
    assert lines(lazy(unguarded, files=files, path="shop/serializers.py")) == [15]
    # the same guard with the query in its else branch (concordia's _change_status after a Prefetch to_attr)
    in_else = serializers.replace("            return obj.has_tags\n        return obj.tags.exists()",
                                  "            return obj.has_tags\n        else:\n            return obj.tags.exists()")
    assert in_else != serializers
    assert lines(lazy(in_else, files=files, path="shop/serializers.py")) == []
    assert lines(lazy(in_else.replace('if hasattr(obj, "has_tags"):', "if obj.pk is None:"), files=files,
                      path="shop/serializers.py")) == [16]


# -- ORM102: per-row locks, hooks, behaviour-preserving advice ---------------------------------

def test_a_per_row_lock_makes_the_loop_deliberate():
    code = """
from django.db import transaction
from shop.models import OrderItem, Order

def reserve(ids, cache):
    for pk in ids:
        with transaction.atomic():
            item = OrderItem.objects.select_for_update().get(pk=pk)
            item.quantity -= 1
            item.save(update_fields=["quantity"])

def settle(ids, cache):
    for pk in ids:
        with cache.lock(f"order-{pk}"):
            Order.objects.filter(pk=pk).update(status="settled")

def unlocked(ids):
    for pk in ids:
        item = OrderItem.objects.get(pk=pk)
        item.save(update_fields=["quantity"])
"""
    assert lines(queries(code)) == [18]


def test_a_helper_locking_its_row_per_call_is_deliberate():
    code = """
from shop.models import Order

def close(order_id):
    order = Order.objects.select_for_update().get(pk=order_id)
    order.status = "closed"
    order.save()

def close_all(ids):
    for pk in ids:
        close(pk)
"""
    assert lines(queries(code)) == []


def test_writes_whose_bulk_form_skips_the_models_hooks_are_left_alone():
    hooked = {**ALL, "shop/signals.py": """
from django.db.models.signals import post_save
from django.dispatch import receiver
from shop.models import Tag

@receiver(post_save, sender=Tag)
def reindex(sender, instance, **kwargs):
    pass
"""}
    code = """
from shop.models import Category, Tag

def seed(labels):
    for label in labels:
        Tag.objects.create(label=label)
    for label in labels:
        Category.objects.create(name=label)
"""
    found = queries(code, files=hooked)
    assert lines(found) == [7]
    assert "bulk_create(objs)" in found[0][1]


def test_get_or_create_is_not_advised_an_upsert_that_would_overwrite_rows():
    (found,) = queries("""
from shop.models import Category

def ensure(names):
    for name in names:
        Category.objects.get_or_create(name=name)
""")
    assert "update_conflicts" not in found[1]
    assert "`bulk_create()` only the missing ones" in found[1]
    (upsert,) = queries("""
from shop.models import Category

def ensure(names):
    for name in names:
        Category.objects.update_or_create(name=name, defaults={"name": name.title()})
""")
    assert "bulk_create(objs, update_conflicts=True" in upsert[1]


def test_an_update_of_the_same_row_each_iteration_is_not_a_per_row_write():
    code = """
from shop.models import Order

def replay(order, changes):
    for change in changes:
        Order.objects.filter(pk=order.pk).update(status=change["status"])

def apply(changes):
    for change in changes:
        Order.objects.filter(pk=change["order"]).update(status=change["status"])
"""
    assert lines(queries(code)) == [9]


# -- ORM102: what the loop iterates --------------------------------------------------------------

def test_loops_over_bounded_collections_are_not_n_plus_one():
    code = """
import sys
from enum import Enum
from django.conf import settings
from shop.models import Category

ROLES = {"admin": 1, "staff": 2}
defaults = ["books", "music"]

class Kind(Enum):
    BOOK = "book"
    DISC = "disc"

def literal():
    names = ["books", "music"]
    for name in names:
        Category.objects.get_or_create(name=name)

def module_level():
    for name in defaults:
        Category.objects.filter(name=name).exists()

def config():
    for code, label in settings.LANGUAGES:
        Category.objects.filter(name=label).exists()
    for arg in sys.argv[1:]:
        Category.objects.filter(name=arg).exists()

def enum_members():
    for kind in Kind:
        Category.objects.filter(name=kind.value).exists()

def command(*args, **options):
    for name in options["names"]:
        Category.objects.filter(name=name).exists()

def fields(category):
    for field in category._meta.get_fields():
        Category.objects.filter(name=field.name).exists()

def from_rows(names):
    for name in names:
        Category.objects.filter(name=name).exists()
"""
    assert lines(queries(code)) == [42]


def test_the_values_of_one_rows_column_are_a_bounded_collection():
    files = {**ALL, "tpl/models.py": """
from django.db import models

class Template(models.Model):
    statuses = models.JSONField(default=list)
    owner = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="templates")
"""}
    code = """
from shop.models import Category
from tpl.models import Template

def apply(template_id):
    template = Template.objects.get(pk=template_id)
    for status in template.statuses:
        Category.objects.filter(name=status["name"]).exists()
    for other in template.owner.templates.all():
        Category.objects.filter(name=other.pk).exists()
"""
    assert lines(queries(code, files=files)) == [9]


def test_a_loop_that_sleeps_every_iteration_is_throttled_on_purpose():
    code = """
import time
from shop.models import Order

class Notifier:
    def pause(self):
        time.sleep(1)

    def run(self, ids):
        for pk in ids:
            Order.objects.filter(pk=pk).exists()
            self.pause()

    def skipping(self, ids):
        for pk in ids:
            if Order.objects.filter(pk=pk).exists():
                continue
            self.pause()
"""
    assert lines(queries(code)) == [15]



def test_a_loop_calling_another_service_every_iteration_is_not_reported():
    """``requests.post(...)`` / ``httpx.get(...)`` / ``urlopen(...)`` on every iteration: the round trip to the
    service dominates each one. A call only some iterations make (in a branch, or after a ``continue``) or a
    ``get()`` of another object (a cache, a client the function is handed) keeps the finding."""
    code = """
import httpx
import requests
from urllib.request import urlopen
from shop.models import Order

def push(ids, session, cache):
    for pk in ids:
        order = Order.objects.get(pk=pk)
        requests.post("https://hooks.example.com", json={"id": order.pk})
    for pk in ids:
        order = Order.objects.get(pk=pk)
        if order.total:
            requests.post("https://hooks.example.com", json={"id": order.pk})
    for pk in ids:
        if Order.objects.filter(pk=pk).exists():
            continue
        requests.get("https://example.com")
    for pk in ids:
        Order.objects.filter(pk=pk).exists()
        cache.get(pk)
    for pk in ids:
        Order.objects.filter(pk=pk).exists()
        body = urlopen("https://example.com").read()

def pull(ids, client):
    for pk in ids:
        client.get("https://example.com")
        Order.objects.filter(pk=pk).exists()
    for pk in ids:
        response = httpx.get("https://example.com")
        Order.objects.filter(pk=pk).exists()
"""
    assert lines(queries(code)) == [11, 15, 19, 28]

# -- ORM101: what the session or the query already settles --------------------------------------

def test_sqlalchemy_many_to_one_fixed_by_the_query_is_one_identity_map_lookup():
    code = """
from sqlalchemy import select
from sqlalchemy.orm import with_parent
from api.models import Hero, Team
from blog.models import Post, User

def team_heroes(session, team_id):
    team = session.get(Team, team_id)
    heroes = session.scalars(select(Hero).where(Hero.team_id == team_id)).all()
    return [h.team.name for h in heroes]

def user_posts(session, user):
    return [p.author.email for p in session.scalars(select(Post).where(with_parent(user, User.posts)))]

def legacy(session, user: User, author):
    first = [p.author.email for p in session.query(Post).with_parent(user)]
    return first + [p.author.email for p in session.query(Post).with_parent(author)]  # named like the relation

def by_keyword(session, uid):
    return [p.author.email for p in session.query(Post).filter_by(author_id=uid)]

def every_team(session):
    return [h.team.name for h in session.scalars(select(Hero).where(Hero.id > 10))]
"""
    assert lines(lazy(code)) == [22]


def test_django_rows_of_one_parent_still_load_it_once_each():
    # Django has no identity map: every row's author is a query of its own, even when all are the same
    code = """
from shop.models import Product

def names(category):
    return [p.category.name for p in Product.objects.filter(category=category)]
"""
    assert lines(lazy(code)) == [4]


def test_a_foreign_key_the_query_fixed_to_null_reads_none_without_a_query():
    code = """
from sqlalchemy import select
from blog.models import Post
from shop.models import Product

def orphans():
    return [p.category for p in Product.objects.filter(category__isnull=True)]

def orphans_by_value():
    return [p.category for p in Product.objects.filter(category=None)]

def drafts(session):
    return [p.author for p in session.scalars(select(Post).where(Post.author_id.is_(None)))]

def with_category():
    return [p.category for p in Product.objects.filter(category__isnull=False)]
"""
    assert lines(lazy(code)) == [15]


def test_messages_say_once_per_distinct_target_and_name_the_key_column():
    (distinct,) = lazy("""
from sqlalchemy import select
from blog.models import Post

def authors(session):
    return [p.author.email for p in session.scalars(select(Post))]
""")
    assert "once per distinct User (iteration of the `for p in session.scalars(select(Post))` comprehension" \
        in distinct[1] and "identity map" in distinct[1]
    (django,) = lazy("""
from shop.models import Product

def ids():
    return [p.category.id for p in Product.objects.all()]
""")
    assert "once per iteration" in django[1]
    assert "read `p.category_id`, which holds the key without a query" in django[1]


# -- ORM102: lookups kept per key run once per distinct key ------------------------------------

def test_memoised_lookups_run_once_per_distinct_key():
    code = """
import functools
from shop.models import Category

@functools.lru_cache(maxsize=None)
def category(pk):
    return Category.objects.get(pk=pk)

def plain(pk):
    return Category.objects.get(pk=pk)

def names(rows, cache):
    for row in rows:
        category(row["category"])
    for row in rows:
        if row["category"] not in cache:
            cache[row["category"]] = Category.objects.get(pk=row["category"])
    for row in rows:
        found = cache.get(row["category"])
        if found is None:
            found = Category.objects.filter(pk=row["category"]).first()
            cache[row["category"]] = found
    for row in rows:
        cache[row["category"]] = Category.objects.get(pk=row["category"])
    for row in rows:
        plain(row["category"])
    for row in rows:
        found = cache.get(row["category"], None)
        if found is None:
            try:
                found = Category.objects.get(pk=row["category"])  # binds the name the test reads: still kept
                cache[row["category"]] = found
            except Category.DoesNotExist:
                continue
"""
    assert lines(queries(code)) == [23, 25]  # an unguarded store asks every time


def test_a_helper_whose_result_the_loop_keeps_per_key_runs_once_per_key():
    """``if key not in cache: cache[key] = await self.find(key)``: the helper's query runs once per distinct
    key; the same helper called unguarded, or stored without the test, runs once per row."""
    code = """
from sqlalchemy import select
from blog.models import Post

class Report:
    def __init__(self, session):
        self.session = session

    async def find(self, title):
        return (await self.session.execute(select(Post).where(Post.title == title))).scalars().all()

    async def kept(self, rows):
        cache = {}
        for row in rows:
            if row.title not in cache:
                cache[row.title] = await self.find(row.title)

    async def unguarded(self, rows):
        cache = {}
        for row in rows:
            cache[row.title] = await self.find(row.title)
        for row in rows:
            await self.find(row.title)
"""
    assert lines(queries(code)) == [20, 22]


# -- ORM102: helpers of other modules that query per call ----------------------------------------


def test_a_lookup_in_the_else_of_a_kept_key_or_in_a_helper_with_a_lasting_cache_runs_once_per_key():
    code = """
from shop.models import Category

_NAMES = {}

def name_of(pk):
    if pk not in _NAMES:
        _NAMES[pk] = Category.objects.get(pk=pk).name
    return _NAMES[pk]

class Exporter:
    def __init__(self):
        self.categories = {}

    def kept(self, pk):
        if pk in self.categories:
            found = self.categories[pk]
        else:
            found = Category.objects.get(pk=pk)
            self.categories[pk] = found
        return found

    def forgotten(self, pk):
        seen = {}
        if pk not in seen:
            seen[pk] = Category.objects.get(pk=pk)
        return seen[pk]

    def unchecked(self, pk):
        if pk in self.categories:
            self.categories[pk] = Category.objects.get(pk=pk)
        return self.categories.get(pk)

    def export(self, rows):
        for row in rows:
            if row["category"] in self.categories:
                found = self.categories[row["category"]]
            else:
                self.categories[row["category"]] = Category.objects.get(pk=row["category"])
        for row in rows:
            self.kept(row["category"])
            name_of(row["category"])
        for row in rows:
            self.forgotten(row["category"])
        for row in rows:
            self.unchecked(row["category"])
"""
    # a cache the helper makes anew per call, or a store under "key present", asks every time
    assert lines(queries(code)) == [43, 45]

def test_a_helper_of_another_module_that_queries_from_its_parameter_is_a_query_per_call():
    files = {**ALL, "shop/lookups.py": """
import functools
from shop.models import Category, Product

def category_name(category_id):
    return Category.objects.get(pk=category_id).name

def label(data, key):
    return data.get(key) or str(key)

@functools.cache
def cached_name(category_id):
    return Category.objects.get(pk=category_id).name

def count_products(category_id):
    return Product.objects.filter(category_id=category_id).count()

def visible(category_key):
    category = category_key.split("-")[0]
    qs = Product.objects.filter(category=category)
    if qs.exists():
        return True
    return False

def sized(items, category_id):
    found = items.filter(category_id=category_id)
    return found.count()
"""}
    code = """
from shop.lookups import cached_name, category_name, count_products, label, sized, visible

def names(rows, data, items):
    out = [category_name(r["category"]) for r in rows]
    out += [label(data, r["category"]) for r in rows]
    out += [cached_name(r["category"]) for r in rows]
    out += [count_products(r["category"]) for r in rows]
    out += [visible(r["key"]) for r in rows]
    out += [sized(items, r["category"]) for r in rows]
    return out
"""
    # a query the helper binds to a local name and runs there (``qs.exists()``) from what its parameters
    # were used for, through other locals; not a parameter's own queryset (``items``: who knows what it is)
    assert lines(queries(code, files=files)) == [4, 7, 8]


def test_a_method_of_a_service_object_of_another_module_that_queries_per_call():
    """A service class of another module whose method runs a query from its parameters (or returns what one
    selects): called per element through an object of that class, it is a query per element. The object is
    one the class's ``__init__`` keeps from a parameter annotated with the class, one it annotates
    (``self.users: UserService = request.find_service(...)``), one pyramid_services' ``find_service(Cls)``
    gives, or one the function builds; the class may be named through the package that re-exports it, and
    the query built by another method of its class. Not a finding: a method that runs nothing from its
    parameters, a service whose class is not known (``find_service(name="users")``), a call outside a loop.
    SQLAlchemy runs a session's query at ``.all()``: a method returning its sorted rows queries per call."""
    files = {**ALL, "blog/services/__init__.py": """
from blog.services.users import UserService
""", "blog/services/users.py": """
import sqlalchemy as sa
from blog.models import Post, User


class UserService:
    def __init__(self, db):
        self._db = db

    def by_email(self, email):
        return self._search(email=email).one_or_none()

    def last_post_id(self, user_id):
        return self._db.scalar(sa.select(Post.id).where(Post.author_id == user_id).limit(1))

    def label(self, email):
        return email.lower()

    def posts_by(self, user_id):
        rows = self._db.query(Post).filter(Post.author_id == user_id).all()
        return sorted(rows, key=lambda p: p.title)

    def _search(self, email):
        return self._db.query(User).filter(User.email == email)
"""}
    code = """
from blog.services import UserService


class Dashboard:
    def __init__(self, request, users: UserService, legacy):
        self._users = users
        self.found: UserService = request.find_service(UserService)
        self._legacy = request.find_service(name="users")

    def owners(self, emails):
        return [self._users.by_email(e) for e in emails]

    def latest(self, ids):
        return [self.found.last_post_id(i) for i in ids]

    def labels(self, emails):
        return [self._users.label(e) for e in emails]

    def legacy(self, emails):
        return [self._legacy.by_email(e) for e in emails]

    def posts(self, ids):
        return [self._users.posts_by(i) for i in ids]

    def one(self, email):
        return self._users.by_email(email)


def sync(request, emails):
    service = request.find_service(UserService)
    for email in emails:
        service.by_email(email)
    made = UserService(request.db)
    return [made.by_email(e) for e in emails]
"""
    assert lines(queries(code, files=files)) == [11, 14, 23, 32, 34]


def test_a_related_query_of_one_held_object_filtered_per_element_is_a_query_per_element():
    """``category.products.filter(name=n).exists()`` for each name: the category is one object the function
    holds (given, its parameter named after its model even without the model's capitals, ``orderitem`` for
    OrderItem, or loaded before the loop), the filter changes per element, so each iteration runs a query,
    also in a helper of the module the loop hands the element to. Not a finding: the same query on the loop's
    own row (the lazy-load check's: a relation read per row), nor one that does not change with the element."""
    code = """
from shop.models import Category, Order


def known(category, names):
    return [n for n in names if category.products.filter(name=n).exists()]


def loaded(category_id, names):
    category = Category.objects.get(pk=category_id)
    found = 0
    for name in names:
        found += category.products.filter(name=name).count()
    return found


def has_product(category, name):
    return category.products.filter(name=name).exists()


def through_helper(category, names):
    return [has_product(category, n) for n in names]


def lowercase_name(orderitem, orders):
    return [orderitem.product.tags.filter(label=o.status).exists() for o in orders]


def per_row(categories, name):
    return [c for c in categories.all() if c.products.filter(name=name).exists()]


def same_each_time(category, names):
    return [n for n in names if category.products.filter(name="x").exists()]
"""
    assert lines(queries(code)) == [5, 12, 21, 25]


def test_a_helper_answering_from_a_cache_it_reads_first_runs_no_query_per_call():
    """``result = REGION.get(key)``; ``if not isinstance(result, NoValue): return result`` before the query (a
    dogpile region, Django's cache): called per element, it answers from the cache after the first call for
    each key. The same helper without the early return queries each time."""
    files = {**ALL, "shop/lookups.py": """
from django.core.cache import cache
from shop.models import Category

REGION = make_region()


def category_id(name):
    result = REGION.get(f"category-{name}")
    if not isinstance(result, NoValue):
        return result
    result = Category.objects.get(name=name).pk
    REGION.set(f"category-{name}", result)
    return result


def category_label(name):
    label = cache.get(name)
    if label is not None:
        return label
    return Category.objects.filter(name=name).values_list("name", flat=True).first()


def category_pk(name):
    found = cache.get(name)
    return Category.objects.get(name=name).pk
"""}
    code = """
from shop.lookups import category_id, category_label, category_pk

def ids(names):
    return [category_id(n) for n in names] + [category_label(n) for n in names] + [category_pk(n) for n in names]
"""
    assert [message.split("` ", 1)[0] for _, message in queries(code, files=files)] == ["`category_pk(n)"]


def test_a_legacy_query_delete_or_update_per_row_is_one_statement_per_row():
    """SQLAlchemy's legacy ``Query.delete()`` / ``Query.update({...})`` (``Model.query.filter(...).delete()`` in
    Flask-SQLAlchemy) runs one DELETE/UPDATE per call: per row of a loop, one per row; one keyed by the whole
    batch (``.in_(ids)``) is a batch, and a row's own ``session.delete(row)`` is left to the session's flush."""
    code = """
from blog.models import Comment, Post


def purge(session, posts, ids):
    for post in posts:
        session.query(Comment).filter(Comment.post_id == post.id).delete()
        session.query(Post).filter(Post.id == post.id).update({"title": "gone"})
    for batch in [ids]:
        session.query(Comment).filter(Comment.post_id.in_(batch)).delete()
    for post in posts:
        session.delete(post)
"""
    found = queries(code, path="blog/views.py")
    assert lines(found) == [6]
    assert "runs a DELETE per iteration" in found[0][1] and ".filter(M.key.in_(keys)).delete()" in found[0][1]
    assert "1 more query in this loop" in found[0][1]


def test_a_manager_method_that_returns_a_dict_it_builds_is_a_lookup_table_not_rows():
    files = {**ALL, "catalog/models.py": """
from django.core.cache import cache
from django.db import models

class OptionManager(models.Manager):
    def option_map(self):
        found = cache.get("options")
        if found:
            return found
        found = {}
        for key, name in self.values_list("key", "name"):
            found[key] = name
        return found

    def by_key(self):
        return {o.key: o for o in self.all()}

    def recent(self):
        return self.filter(key__startswith="x")

class Option(models.Model):
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=40)
    objects = OptionManager()
"""}
    code = """
from catalog.models import Option

def names(rows):
    options = Option.objects.option_map()
    keyed = Option.objects.by_key()
    recent = Option.objects.recent()
    for row in rows:
        options.get(row["key"], "")
        keyed.get(row["key"])
    for row in rows:
        recent.get(key=row["key"])
"""
    assert lines(queries(code, files)) == [11]  # only the rows of recent()


def test_a_sqlalchemy_many_to_one_reached_through_another_loads_once_per_distinct_target_too():
    """``bookmark.context.context_type``: the second hop is a many-to-one by key as well, which the
    identity map serves for keys it has loaded: the message counts distinct targets, not iterations."""
    files = {"words/models.py": """
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class ContextType(Base):
    __tablename__ = "context_type"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]

class Context(Base):
    __tablename__ = "context"
    id: Mapped[int] = mapped_column(primary_key=True)
    context_type_id: Mapped[int] = mapped_column(sa.ForeignKey("context_type.id"))
    context_type: Mapped["ContextType"] = relationship()

class Bookmark(Base):
    __tablename__ = "bookmark"
    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(sa.ForeignKey("context.id"))
    context: Mapped["Context"] = relationship()
"""}
    found = lazy("""
from sqlalchemy import select
from words.models import Bookmark

def kinds(session):
    return [b.context.context_type.name for b in session.scalars(select(Bookmark))]
""", files=files)
    assert [line for line, _ in found] == [5, 5]
    assert all("once per distinct" in message for _, message in found)
    assert any("Context.context_type" in message and "distinct ContextType" in message for _, message in found)


def test_a_loop_over_a_query_cut_to_a_few_rows_is_bounded():
    """``.limit(5)`` (or a module constant of 5) keeps at most a handful of rows, like ``rows[:5]``; a limit
    wider than a handful (a page of 50), or of a value the code does not fix, leaves the loop reported."""
    code = """
from sqlalchemy import select
from blog.models import Post, User

MAX_EXAMPLES = 5
PAGE = 50

def examples(session, size):
    for post in session.scalars(select(Post).limit(MAX_EXAMPLES)).all():
        session.get(User, post.author_id)
    shown = session.scalars(select(Post).limit(3)).all()
    for post in shown:
        session.get(User, post.author_id)
    for post in session.scalars(select(Post).limit(PAGE)).all():
        session.get(User, post.author_id)
    for post in session.scalars(select(Post).limit(size)).all():
        session.get(User, post.author_id)
"""
    assert lines(queries(code)) == [14, 16]


def test_a_to_one_relation_read_by_several_helpers_of_one_iteration_loads_once_per_row():
    """Each helper the loop calls reads ``config.site``: the first read loads it, the object keeps it for the
    rest of the iteration (one finding, at the first helper); a manager's query runs again in every helper."""
    code = """
from shop.models import Order

class Sync:
    def install(self, order):
        return order.customer.email

    def define(self, order):
        return order.customer.name

    def lines(self, order):
        return list(order.items.all())

    def run(self):
        for order in Order.objects.all():
            self.install(order)
            self.define(order)
            self.lines(order)
            self.lines(order)
"""
    found = lazy(code)
    assert [line for line, _ in found] == [15, 17, 18]
    assert "Order.customer" in found[0][1] and all("Order.items" in message for _, message in found[1:])


def test_a_helper_of_another_module_that_locks_the_row_it_is_handed_is_no_lookup_to_batch():
    """``def rebuild(category): Category.objects.select_for_update().get(pk=category.pk); ...; save()``: called
    per row, it takes one lock per row on purpose (a per-row query under a per-row lock is deliberate); the same
    helper reading without the lock is a query per call."""
    files = {**ALL, "shop/rebuild.py": """
from shop.models import Category

def rebuild(category):
    Category.objects.select_for_update().get(pk=category.pk)
    category.name = category.name.strip()
    category.save()

def reread(category):
    fresh = Category.objects.get(pk=category.pk)
    return fresh.name
"""}
    code = """
from shop.models import Category
from shop.rebuild import rebuild, reread

def run():
    for category in Category.objects.all():
        rebuild(category)
    return [reread(c) for c in Category.objects.all()]
"""
    assert lines(queries(code, files=files)) == [7]


def test_a_related_queryset_bound_only_for_a_lookup_is_a_subquery():
    """mozillians: ``curator_ids = group.curators.values_list("id", flat=True)`` handed only to
    ``exclude(userprofile__id__in=curator_ids)`` runs inside that query; iterated too, it is a query per row."""
    code = """
from shop.models import Category, Product

def stale():
    for category in Category.objects.all():
        editors = category.products.values_list("editor", flat=True)
        yield Product.objects.exclude(editor__in=editors)
"""
    assert lazy(code) == []
    assert lines(lazy(code.replace("        yield Product", "        print(list(editors))\n        yield Product"))) == [5]
    # named as the relation it reads (``products = category.products.all()``), handed to Q() lookups only
    named = """
from django.db.models import Q
from shop.models import Category, Product

def stale():
    for category in Category.objects.all():
        products = category.products.all()
        yield Product.objects.exclude(~Q(pk__in=products) & Q(Q(editor=None) | Q(pk__in=products)))
"""
    assert lazy(named) == []
    # filtered on the outer query's row (OuterRef): a subquery Django cannot run on its own
    outer = """
from django.db.models import Exists, OuterRef
from shop.models import Category, Product

def linked():
    for category in Category.objects.all():
        linked = category.products.filter(pk=OuterRef("pk"))
        yield Product.objects.annotate(is_linked=Exists(linked)).count()
"""
    assert lazy(outer) == []


def test_a_loop_over_a_formsets_forms_is_one_page_a_person_filled_in():
    """``for form in formset`` / ``formset.cleaned_data`` / ``self.member_formset.forms``: the forms one page
    submitted. A loop over something else named like a form (``forms_by_user``) keeps the finding."""
    code = """
from django.forms import formset_factory
from shop.models import Order

def post(request, forms_by_user, self=None):
    formset = formset_factory(OrderForm)(request.POST)
    for form in formset:
        Order.objects.get(pk=form.cleaned_data["order"])
    for data in formset.cleaned_data:
        Order.objects.get(pk=data["order"])
    for form in self.member_formset.forms:
        Order.objects.get(pk=form.cleaned_data["order"])
    for form in forms_by_user:
        Order.objects.get(pk=form.cleaned_data["order"])
"""
    assert lines(queries(code)) == [13]


def test_a_relation_a_comprehension_read_on_each_row_is_loaded_on_the_rows_it_hands_out():
    """``{(i.order.status, i.pk): i for i in qs}`` then ``items[key].order`` in a later loop: the comprehension
    read it on each object (reported there), which keeps it; so does ``[i for i in qs if hasattr(i, "order")]``.
    A relation the comprehension did not read, or read only in a second condition (``if i.quantity and
    i.order``), is still loaded per row."""
    code = """
from shop.models import OrderItem

def view(keys):
    by_key = {(i.order.status, i.pk): i for i in OrderItem.objects.all()}
    for key in keys:
        item = by_key[key]
        print(item.order.status)
    for key in keys:
        item = by_key[key]
        print(item.product.name)
    with_order = [i for i in OrderItem.objects.all() if hasattr(i, "order")]
    for item in with_order:
        print(item.order.status)
    some = [i for i in OrderItem.objects.all() if i.quantity and i.order]
    for item in some:
        print(item.order.status)
"""
    assert [(line, message.split("`")[1]) for line, message in lazy(code)] == [
        (4, "i.order"), (10, "item.product"), (14, "i.order"), (16, "item.order")]


def test_a_loop_over_a_configuration_entry_is_bounded_by_its_configuration():
    """``config.get("MASTER_DIRECTORIES")``, ``app.config["ALLOWED_GROUPS"]``: an entry of a configuration object
    under an upper-case key is a list someone configured. A lower-case key, or an object not named for
    configuration (``payload["ITEMS"]``), may be rows."""
    code = """
from shop.models import Order

def sync(config, app, payload):
    for entry in config.get("MASTER_DIRECTORIES"):
        Order.objects.filter(status=entry["status"]).exists()
    for name in app.config["ALLOWED_GROUPS"]:
        Order.objects.filter(status=name).exists()
    for entry in config.get("directories"):
        Order.objects.filter(status=entry).exists()
    for entry in payload["ITEMS"]:
        Order.objects.filter(status=entry).exists()
"""
    assert lines(queries(code)) == [9, 11]


def test_loading_one_side_of_a_one_to_one_caches_the_way_back_on_it():
    """``fulfillment.enrollment`` (a one-to-one declared on an abstract base with ``related_name="%(class)s_fulfillment"``)
    loads the enrollment lazily, per row, and Django caches the way back on it: ``enrollment.license``, a property
    reading ``self.licensedfulfillment_fulfillment``, is the row itself. Another relation of the enrollment still
    loads per row."""
    files = {**ALL, "subs/models.py": """
        from django.db import models

        class Customer(models.Model):
            name = models.CharField(max_length=10)

        class Enrollment(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

            @property
            def license(self):
                return self.licensedfulfillment_fulfillment

        class Fulfillment(models.Model):
            enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE,
                                              related_name="%(class)s_fulfillment")

            class Meta:
                abstract = True

        class LicensedFulfillment(Fulfillment):
            uuid = models.CharField(max_length=36)
    """}
    code = """
from subs.models import LicensedFulfillment

def terminate():
    for fulfillment in LicensedFulfillment.objects.all():
        enrollment = fulfillment.enrollment
        print(enrollment.license.uuid, enrollment.customer.name)
"""
    found = [message.split("`")[1] for _, message in lazy(code, files=files)]
    assert found == ["fulfillment.enrollment", "enrollment.customer"]


def test_a_sqlalchemy_models_own_save_is_a_method_of_the_project():
    """rucio: ``new_event = models.Event(...); new_event.save(session=session, flush=False)`` runs the project's
    ``ModelBase.save()`` (``session.add(self)``; flush only when asked): SQLAlchemy objects have no save() of the
    ORM's, the session writes them; a Django model's save() in the same loop is one query per row."""
    files = {**ALL, "app/base.py": """
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class ModelBase:
    def save(self, flush=True, session=None):
        session.add(self)
        if flush:
            session.flush()


class Event(Base, ModelBase):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    name = Column(String)
"""}
    code = """
from app import base
from shop.models import Order

def add(names, session):
    for name in names:
        event = base.Event(name=name)
        event.save(session=session, flush=False)
    session.flush()
    for name in names:
        order = Order(note=name)
        order.save()
"""
    assert lines(queries(code, files)) == [11]


def test_a_queryset_derived_from_a_prefetched_relation_is_a_query_of_its_own():
    """``order.items.all()`` reads the prefetch; ``.select_related("product")`` or ``.filter(...)`` chained on it
    makes Django build a new query per order (reported there, as a requery), whose rows come with what it
    joins: their ``product`` needs no query. ``.count()`` on it is answered from the cache."""
    code = """
from shop.models import Order

def view():
    for order in Order.objects.prefetch_related("items"):
        items = order.items.all().select_related("product")
        names = [item.product.name for item in items]

def cheap():
    for order in Order.objects.prefetch_related("items"):
        print([item.pk for item in order.items.all().filter(quantity__lt=3)])

def totals():
    for order in Order.objects.prefetch_related("items"):
        print(order.items.all().count(), [item.pk for item in order.items.all()])
"""
    found = lazy(code)
    assert lines(found) == [5, 10]
    assert "re-queries the prefetched Order.items" in found[0][1] and ".select_related()" in found[0][1]
    assert ".filter()" in found[1][1]


def test_the_parent_read_back_from_its_related_rows_is_the_parent_itself():
    """Rows a related manager hands out (``order.items.filter(...)``, or the prefetch of ``items``) hold their
    order itself: ``item.order.customer`` is the order's customer, loaded once per order (per iteration of the
    loop over orders, when the order query does not load it), never once per item."""
    code = """
from shop.models import Order

def one_order(order):
    for item in order.items.filter(quantity__gt=1):
        print(item.order.customer.name)

def every_order():
    for order in Order.objects.prefetch_related("items"):
        for item in order.items.all():
            print(item.order.customer.name, item.product.name)
"""
    found = lazy(code)
    assert lines(found) == [10, 10]
    assert "once per iteration of the `for order in" in found[0][1] and "customer" in found[0][1]
    assert "product" in found[1][1]


def test_code_after_an_unconditional_return_never_runs():
    """A view short-circuited by a ``return`` left before the old code: the loop after it never runs; the same
    loop before the ``return`` still counts."""
    code = """
from shop.models import Order

def closed(request):
    return render(request, "closed.html", {})
    for order in Order.objects.all():
        print(order.customer.name)

def open_(request):
    for order in Order.objects.all():
        print(order.customer.name)
    return render(request, "open.html", {})
"""
    assert lines(lazy(code)) == [10]


def test_rows_a_comprehension_loaded_keep_it_for_the_next_pass_over_them():
    """``[i for i in items if i.product.active]`` reads ``product`` on every row (the first ``if`` runs on each):
    a second comprehension over the same evaluated ``items`` finds it loaded. A read only in the element runs on
    the rows that passed the filter: the second pass still loads it for the others."""
    code = """
from shop.models import OrderItem

def split(order_id):
    items = OrderItem.objects.filter(order_id=order_id)
    active = [i for i in items if i.product.active]
    inactive = [i for i in items if not i.product.active]

def names(order_id):
    items = OrderItem.objects.filter(order_id=order_id)
    big = [i.product.name for i in items if i.quantity > 5]
    small = [i.product.name for i in items if i.quantity <= 5]
"""
    assert lines(lazy(code)) == [5, 10, 11]
