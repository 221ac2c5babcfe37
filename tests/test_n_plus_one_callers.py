"""A helper's rows handed in by its callers (ORM101): a relation read per row of ``order.items.all()`` in
``def item_names(order)`` is loaded once when every known call passes an ``order`` that prefetched
``items__product`` (Django serves ``all()`` and the nested relation from the prefetch cache); one call
without it, or no known call, keeps the finding. And a SQLAlchemy row fetched alike on every iteration: the identity map hands back
the same object, whose relation loads once.
"""

from n1_models import DJANGO, SQLALCHEMY
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.core.config import Config
from ormlint.testing import lint_source

HELPER = """
from shop.models import Order

def item_names(order: Order):
    return [item.product.name for item in order.items.all()]
"""

SERVICE = """
from shop.models import Order

class Receipt:
    def lines(self, order: Order):
        return [item.product.name for item in order.items.all()]
"""


def helper_lines(callers: str, helper: str = HELPER, path: str = "app/helpers.py") -> list[int]:
    """Lines of ORM101 findings in ``helper``, with ``callers`` as the rest of the project."""
    files = {**DJANGO, "app/views.py": callers}
    return [f.span.line for f in lint_source(helper, LazyLoadInLoop, path=path, files=files)]


# a detail view prefetching the whole path, and a listing prefetching {path} on the objects it hands over
TWO_CALLERS = """
from django.db.models import prefetch_related_objects
from shop.models import Order
from app.helpers import item_names

def detail(pk):
    order = Order.objects.prefetch_related("items__product").get(pk=pk)
    return item_names(order)

def listing():
    orders = list(Order.objects.filter(status="open"))
    prefetch_related_objects(orders, "{path}")
    return [item_names(o) for o in orders]
"""


def test_every_caller_prefetches_the_path_the_helper_reads():
    assert helper_lines(TWO_CALLERS.format(path="items__product")) == []


def test_one_caller_prefetching_only_the_collection_keeps_the_finding():
    assert helper_lines(TWO_CALLERS.format(path="items")) == [4]


def test_a_prefetch_in_one_branch_only_keeps_the_finding():
    callers = """
from shop.models import Order
from app import helpers

def detail(pk, full):
    if full:
        order = Order.objects.prefetch_related("items__product").get(pk=pk)
    else:
        order = Order.objects.get(pk=pk)
    return helpers.item_names(order)
"""
    assert helper_lines(callers) == [4]


def test_a_prefetch_into_to_attr_does_not_fill_the_manager_the_helper_reads():
    callers = """
from django.db.models import Prefetch
from shop.models import Order
from app.helpers import item_names

def detail(pk):
    order = Order.objects.prefetch_related(Prefetch("items", to_attr="item_list")).get(pk=pk)
    return item_names(order=order)
"""
    assert helper_lines(callers) == [4]


def test_a_keyword_argument_of_a_prefetched_queryset_row_counts():
    callers = """
from django.db.models import Prefetch
from shop.models import Order
from app.helpers import item_names

def detail(pk):
    for order in Order.objects.prefetch_related(Prefetch("items__product")).filter(pk=pk):
        item_names(order=order)
"""
    assert helper_lines(callers) == []


def test_no_known_caller_keeps_the_finding():
    assert helper_lines("def unrelated():\n    return 1\n") == [4]


def test_a_method_whose_callers_pass_prefetched_objects_is_quiet():
    callers = """
from shop.models import Order
from app.receipts import Receipt

def show(pk):
    order = Order.objects.prefetch_related("items__product").get(pk=pk)
    return Receipt().lines(order)
"""
    assert helper_lines(callers, SERVICE, "app/receipts.py") == []


def test_a_method_called_once_without_the_prefetch_is_reported():
    callers = """
from shop.models import Order
from app.receipts import Receipt

def show(pk):
    order = Order.objects.prefetch_related("items__product").get(pk=pk)
    return Receipt().lines(order)

def mail(pk):
    return Receipt().lines(Order.objects.get(pk=pk))
"""
    assert helper_lines(callers, SERVICE, "app/receipts.py") == [5]


# -- SQLAlchemy: the same row fetched alike on every iteration is one object of the identity map ----

def test_one_sqlalchemy_row_fetched_alike_per_iteration_loads_its_relation_once():
    service = """
from sqlalchemy import select
from blog.models import User

def active_admin(session):
    return session.scalars(select(User).where(User.email == "admin")).one()
"""
    code = """
from blog.services import active_admin

def tally(session, rows):
    for row in rows:
        admin = active_admin(session)
        print(len(admin.posts), row)

def tally_committing(session, rows):
    for row in rows:
        admin = active_admin(session)
        print(len(admin.posts), row)
        session.commit()

def per_author(session, rows):
    for row in rows:
        author = active_admin(row.session)
        print(len(author.posts))
"""
    files = {**SQLALCHEMY, "blog/services.py": service}
    found = lint_source(code, LazyLoadInLoop, path="blog/views.py", files=files)
    assert [f.span.line for f in found] == [11, 17]


def test_a_block_guarded_by_the_prefetch_cache_reads_what_the_caller_prefetched():
    helper = """
from shop.models import Order

def product_names(order: Order):
    if "items" in getattr(order, "_prefetched_objects_cache", {}):
        return [item.product.name for item in order.items.all()]
    return [item.product.name for item in order.items.all()]
"""
    assert helper_lines("", helper) == [6]


BASKET = """
from django.db import models
from shop.models import Product

class Basket(models.Model):
    def names(self):
        return [line.product.name for line in self.lines.all()]

class BasketLine(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
"""


def test_a_model_method_reads_what_the_callers_prefetched_on_the_object_it_is_called_on():
    callers = """
from basket.models import Basket

def show(pk):
    return Basket.objects.prefetch_related("lines__product").get(pk=pk).names()

def mail(pk):
    basket = Basket.objects.prefetch_related("lines").get(pk=pk)
    return basket.names()
"""
    assert helper_lines(callers, BASKET, "basket/models.py") == [6]
    assert helper_lines(callers.replace('"lines")', '"lines__product")'), BASKET, "basket/models.py") == []


# A helper of data migrations: a per-row query in it runs once per database, when the migrations that
# call it (or hand it to RunPython) are applied; the same helper called from a view is an N+1 again.
MIGRATION_HELPER = """
def fill_customer_names(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.all():
        order.customer_name = order.customer.name
        order.save(update_fields=["customer_name"])
"""

MIGRATION = """
from django.db import migrations
from app.migration_helpers import fill_customer_names


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_order_customer_name")]
    operations = [migrations.RunPython(fill_customer_names, migrations.RunPython.noop)]
"""

VIEW_CALLING_THE_HELPER = """
from django.apps import apps
from app.migration_helpers import fill_customer_names

def refresh(request):
    fill_customer_names(apps, None)
"""


def migration_helper_lines(**files: str) -> list[int]:
    project = {**DJANGO, **{path.replace("__", "/") + ".py": text for path, text in files.items()}}
    return [f.span.line for f in lint_source(MIGRATION_HELPER, LazyLoadInLoop, path="app/migration_helpers.py",
                                             files=project)]


def test_a_helper_only_migrations_hand_to_run_python_is_not_reported():
    assert migration_helper_lines(shop__migrations__0005_fill_customer_names=MIGRATION) == []


def test_a_helper_migrations_call_is_not_reported():
    migration = MIGRATION.replace(
        "operations = [migrations.RunPython(fill_customer_names, migrations.RunPython.noop)]",
        "operations = [migrations.RunPython(forward, migrations.RunPython.noop)]").replace(
        "class Migration", "def forward(apps, schema_editor):\n    fill_customer_names(apps, schema_editor)\n\n\nclass Migration")
    assert migration_helper_lines(shop__migrations__0005_fill_customer_names=migration) == []


def test_the_same_helper_also_called_by_a_view_is_reported():
    assert migration_helper_lines(shop__migrations__0005_fill_customer_names=MIGRATION,
                                  app__views=VIEW_CALLING_THE_HELPER) == [4]


def test_a_helper_nobody_calls_is_reported():
    assert migration_helper_lines() == [4]


CRM_MODELS = """
from django.db import models

class Site(models.Model):
    name = models.CharField(max_length=40)

class Customer(models.Model):
    name = models.CharField(max_length=40)

    @property
    def site_names(self):
        return [visit.site.name for visit in self.visits.all()]

class Visit(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="visits")
    site = models.ForeignKey(Site, on_delete=models.CASCADE)
"""


def test_a_models_own_property_over_its_rows_leaves_eager_loading_to_queries_that_load_the_path():
    """``Customer.site_names`` reads ``visit.site`` per row of ``self.visits``: whoever lists customers decides
    what they come with. When some query of the project eager-loads ``visits__site`` (after any relations),
    the property is written for it; with none, or only ``visits``, it is reported."""
    def lines(views: str) -> list[int]:
        files = {"crm/views.py": views}
        return [f.span.line for f in lint_source(CRM_MODELS, LazyLoadInLoop, path="crm/models.py", files=files)]

    assert lines("def home(): pass\n") == [11]
    assert lines('from crm.models import Customer\nqs = Customer.objects.prefetch_related("visits")\n') == [11]
    assert lines('from crm.models import Customer\nqs = Customer.objects.prefetch_related("visits__site")\n') == []
    assert lines('from django.db.models import Prefetch\nfrom crm.models import Site\n'
                 'qs = Site.objects.prefetch_related(Prefetch("customers__visits__site"))\n') == []


def test_a_call_inside_a_try_block_is_a_known_call():
    """A caller whose only call of the helper sits in a ``try`` body (or its handler) still counts: it passes
    an order without the prefetch, so the finding stays."""
    callers = TWO_CALLERS.format(path="items__product") + """

def retry(pk):
    try:
        return item_names(Order.objects.get(pk=pk))
    except Order.DoesNotExist:
        return []
"""
    assert helper_lines(callers) == [4]


# A helper only management commands call runs where they do: off the request path, where the N+1 rules
# do not report by default. A command calling it directly, and the command's own loop, neither.
COMMAND = """
from django.apps import apps
from django.core.management.base import BaseCommand
from app.migration_helpers import fill_customer_names


class Command(BaseCommand):
    def handle(self, *args, **options):
        fill_customer_names(apps, None)
"""


def test_a_helper_only_commands_call_is_not_reported():
    assert migration_helper_lines(shop__management__commands__fill_names=COMMAND) == []


def test_a_helper_commands_and_a_view_call_is_reported():
    assert migration_helper_lines(shop__management__commands__fill_names=COMMAND,
                                  app__views=VIEW_CALLING_THE_HELPER) == [4]


def test_a_decorated_helper_only_commands_call_is_reported():
    """A decorator may register the function with a framework (a task, a route): it may run elsewhere."""
    decorated = MIGRATION_HELPER.replace("def fill_customer_names", "@shared_task\ndef fill_customer_names")
    project = {**DJANGO, "shop/management/commands/fill_names.py": COMMAND}
    found = lint_source(decorated, LazyLoadInLoop, path="app/migration_helpers.py", files=project)
    assert [f.span.line for f in found] == [5]


def test_a_loop_in_a_management_command_is_not_reported_by_default():
    command = COMMAND.replace("fill_customer_names(apps, None)", "for order in Order.objects.all():\n"
                              "            print(order.customer.name)").replace(
        "from app.migration_helpers import fill_customer_names", "from shop.models import Order")
    path = "shop/management/commands/print_names.py"
    assert lint_source(command, LazyLoadInLoop, path=path, files=DJANGO) == []
    asked = Config(skip_roles=(("ORM101", ("test", "migration")),))
    assert [f.span.line for f in lint_source(command, LazyLoadInLoop, path=path, files=DJANGO, config=asked)] == [9]


def test_a_classs_own_method_is_judged_by_its_own_calls_through_self():
    """Thunderstore: ``listing = get_object_or_404(self.get_listing_queryset(), ...)`` then
    ``self.serialize_results(listing)``, whose queryset prefetches what the method reads; another view class's
    ``serialize_results()`` called with other rows does not make these calls unknown. The class's own call
    without the prefetch keeps the finding."""
    view = """
from django.shortcuts import get_object_or_404
from shop.models import Order


class Detail:
    def get(self, request, pk):
        order = get_object_or_404(self.get_queryset(), pk=pk)
        return self.serialize_results(order)

    def get_queryset(self):
        return Order.objects.prefetch_related("items__product")

    def serialize_results(self, order):
        return [item.product.name for item in order.items.all()]
"""
    other = """
from shop.models import Order


class Listing:
    def get(self, request):
        return self.serialize_results(Order.objects.all())

    def serialize_results(self, orders):
        return [order.pk for order in orders]
"""
    files = {**DJANGO, "app/listing.py": other}
    found = lint_source(view, LazyLoadInLoop, path="app/detail.py", files=files)
    assert found == []
    bare = view.replace('return Order.objects.prefetch_related("items__product")', "return Order.objects.all()")
    assert [f.line for f in lint_source(bare, LazyLoadInLoop, path="app/detail.py", files=files)] == [14]
