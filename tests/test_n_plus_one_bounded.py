"""Loops whose length is not the number of rows (ORM102): attempts at a collision-free token, and
collections fixed by the code or the configuration. Each case has its hard negative: the same shape
whose length comes from data.
"""

from n1_models import DJANGO
from ormlint.rules.queries.query_in_loop import QueryInLoop
from ormlint.testing import lint_source


def findings_of(code: str, path: str = "app/tokens.py"):
    return lint_source(code, QueryInLoop, path=path, files=DJANGO)


def lines(code: str, path: str = "app/tokens.py") -> list[int]:
    return [f.span.line for f in findings_of(code, path)]


# -- retry loops: a new random value per attempt, checked against the table ----------------------

def test_attempts_that_stop_once_the_check_passes_are_not_n_plus_one():
    code = """
import itertools
import secrets
from django.db import IntegrityError
from shop.models import Order

def by_return(self):
    for attempt in range(self.max_tries):
        code = secrets.token_hex(4)
        if not Order.objects.filter(status=code).exists():
            return code
    raise ValueError("no free code")

def by_break(retries):
    for _ in range(retries):
        code = secrets.token_hex(4)
        taken = Order.objects.filter(status=code).exists()
        if not taken:
            break
    return code

def by_insert(retries):
    for _ in itertools.count():
        try:
            Order.objects.create(status=secrets.token_hex(4))
            break
        except IntegrityError:
            continue
"""
    assert lines(code) == []


def test_a_helper_queried_in_a_while_condition_is_a_search():
    code = """
import secrets
from shop.models import Order

def free(code):
    return not Order.objects.filter(status=code).exists()

def new_code():
    code = secrets.token_hex(4)
    while not free(code):
        code = secrets.token_hex(4)
    return code
"""
    assert lines(code) == []


def test_a_while_whose_flag_the_query_sets_is_a_retry():
    """``while not verified: code = draw(); if not <query>: verified = True``: the query decides the flag the
    loop tests, directly or through a name bound to it; the same loop whose flag another value sets, or
    whose query only runs in a branch that leaves the flag alone, walks rows."""
    code = """
import secrets
from shop.models import Order

def direct():
    verified = False
    while not verified:
        code = secrets.token_hex(4)
        if not Order.objects.filter(status=code).exists():
            verified = True
    return code

def through_a_name():
    verified = False
    while not verified:
        code = secrets.token_hex(4)
        orders = Order.objects.filter(status=code)
        if not orders:
            verified = True
    return code

def other_flag(pending):
    done = False
    while not done:
        code = pending.pop()
        Order.objects.filter(status=code).update(status="x")
        if not pending:
            done = True
"""
    assert lines(code) == [25]


def test_tenacity_attempts_are_a_retry_loop():
    """``for attempt in Retrying(...)`` / ``async for attempt in AsyncRetrying(...)``: another attempt at the same
    statements after a failure (a generated id that collided), not a query per row."""
    code = """
import secrets
from tenacity import AsyncRetrying, Retrying, stop_after_attempt
from shop.models import Order

def create():
    for attempt in Retrying(stop=stop_after_attempt(3)):
        with attempt:
            code = secrets.token_hex(4)
            Order.objects.filter(status=code).update(status="open")

async def acreate():
    async for attempt in AsyncRetrying(stop=stop_after_attempt(3)):
        with attempt:
            code = secrets.token_hex(4)
            await Order.objects.filter(status=code).aupdate(status="open")

def per_row(rows):
    for row in rows:
        code = row.upper()
        Order.objects.filter(status=code).update(status="open")
"""
    assert lines(code) == [20]


def test_a_loop_that_uses_its_counter_or_stops_for_another_reason_is_reported():
    code = """
import secrets
from shop.models import Order

def by_index(ids):
    for i in range(len(ids)):
        order = Order.objects.get(pk=ids[i])
        if order.status == "closed":
            break

def vouchers(quantity, stock):
    for _ in range(quantity):
        code = secrets.token_hex(4)
        if stock <= 0:
            break
        Order.objects.create(status=code)

def drain(pending):
    while pending:
        Order.objects.filter(pk=pending.pop()).update(status="done")
"""
    assert lines(code) == [6, 15, 19]


# -- collections fixed by the code or the configuration -----------------------------------------

def test_choices_installed_apps_constants_and_cli_arguments_are_bounded():
    code = """
import click
from django.apps import apps
from django.db import models
from shop.models import Category

MAX_LEVELS = 4

class Status(models.TextChoices):
    OPEN = "open"
    CLOSED = "closed"

def per_status():
    for value, label in Status.choices:
        Category.objects.filter(name=value).count()

def per_field_choice():
    for value, label in Category._meta.get_field("name").choices:
        Category.objects.filter(name=value).count()

def per_app():
    for config in apps.get_app_configs():
        Category.objects.filter(name=config.label).exists()

def per_level():
    for level in range(MAX_LEVELS):
        Category.objects.filter(pk=level).exists()

@click.command()
@click.argument("names", nargs=-1)
def create(names):
    for name in names:
        Category.objects.get_or_create(name=name)
"""
    assert lines(code, path="app/reports.py") == []


def test_lists_of_unknown_origin_are_not_bounded():
    code = """
import click
from shop.models import Category

def names_of(category):
    return [Category.objects.filter(name=x).count() for x in category.names()]

def per_label(labels):
    for value in labels:
        Category.objects.filter(name=value).count()

def per_request(request):
    for pk in request.POST.getlist("ids"):
        Category.objects.get(pk=pk)

def per_id_in_meta(ids, category):
    for pk in ids:
        Category.objects.filter(pk=pk, name=category._meta.label).count()

@click.command()
def rebuild():
    for category in Category.objects.all():
        Category.objects.filter(pk=category.pk).update(name=category.name.strip())
"""
    assert lines(code, path="app/reports.py") == [5, 9, 13, 17, 22]


# -- a model's own row: its JSON column's values, and its relations read in its methods ----------

TEMPLATE = {
    "tpl/models.py": """
from django.db import models
from shop.models import Category

class Template(models.Model):
    statuses = models.JSONField(default=list)
    owner = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="templates")

    def apply(self):
        for status in self.statuses:
            Category.objects.create(name=status["name"])
        for other in self.owner.templates.all():
            Category.objects.filter(name=other.pk).exists()
""",
}


def test_the_values_of_a_models_own_json_column_are_bounded_in_its_methods():
    found = lint_source(TEMPLATE["tpl/models.py"], QueryInLoop, path="tpl/models.py", files={**DJANGO, **TEMPLATE})
    assert [f.span.line for f in found] == [12]  # self.owner.templates.all(): rows, not a column's values


def test_a_prompt_repeated_until_the_answer_is_valid_is_paced_by_a_person():
    code = """
from shop.models import Category

def ask():
    name = None
    while name is None:
        raw = input("Category: ")
        name = raw if not Category.objects.filter(name=raw).exists() else None
    return name

def drain(names):
    name = names.pop()
    while name:
        Category.objects.filter(name=name).delete()
        name = names.pop() if names else None
"""
    assert lines(code) == [13]


def test_class_level_literals_and_copies_of_bounded_collections_are_bounded():
    code = """
from enum import Enum
from django.conf import settings
from shop.models import Category

class Kind(Enum):
    BOOK = "book"
    DISC = "disc"

class Sync:
    kinds = ("open", "closed")
    names = ["a"]

    def __init__(self, names):
        self.names = names

    def run(self, ids):
        for kind in self.kinds:
            Category.objects.filter(name=kind).count()
        for kind in list(Kind):
            Category.objects.filter(name=kind.value).count()
        for position, (code, label) in enumerate(settings.LANGUAGES):
            Category.objects.filter(name=label).count()
        for name in self.names:
            Category.objects.filter(name=name).count()
        for position, pk in enumerate(ids):
            Category.objects.filter(pk=pk).count()
        for pk in sorted(self.ids):
            Category.objects.filter(pk=pk).count()
"""
    assert lines(code, path="app/sync.py") == [24, 26, 28]


# A helper only a command calls, with the command's own arguments.
COMMAND_HELPER = """
import click
from django.conf import settings
from shop.models import Category

def create_all(names):
    name_list = list(names) if names else []
    for name in name_list:
        Category.objects.get_or_create(name=name)

@click.command()
@click.argument("names", nargs=-1)
def create_cmd(names):
    create_all(names)
"""


def test_names_bound_only_to_configuration_or_command_arguments_are_bounded():
    code = COMMAND_HELPER + """
def default_roles(provider):
    role_map = settings.SSO_ROLE_MAP.get(provider, [])
    for role in role_map:
        Category.objects.get(name=role["name"])
    tags = role_map or settings.DEFAULT_TAGS
    for tag in tags:
        Category.objects.get(name=tag)
"""
    assert lines(code, path="app/cli.py") == []


def test_names_and_parameters_that_may_hold_data_stay_unbounded():
    code = COMMAND_HELPER + """
def view(request):
    create_all(request.POST.getlist("names"))
    ids = request.POST.getlist("ids") or settings.DEFAULT_IDS
    for pk in ids:
        Category.objects.get(pk=pk)

def with_default(roles=None):
    if roles is None:
        roles = ["admin"]
    for role in roles:
        Category.objects.get(name=role)

def mixed():
    pending, rest = settings.ROLES, Category.objects.all()
    pending = rest
    for row in pending:
        Category.objects.get(pk=row.pk)
"""
    assert lines(code, path="app/cli.py") == [8, 19, 25, 31]


def test_a_helper_called_with_command_arguments_elsewhere_too_stays_unbounded():
    helper = """
import click
from shop.models import Category

def create_all(names):
    for name in names:
        Category.objects.get_or_create(name=name)

@click.command()
@click.argument("names", nargs=-1)
def create_cmd(names):
    create_all(names)
"""
    files = {**DJANGO, "app/views.py": "from app.cli import create_all\n\ndef view(request):\n"
                                      "    create_all(request.POST.getlist('names'))\n"}
    assert [f.span.line for f in lint_source(helper, QueryInLoop, path="app/cli.py", files=files)] == [6]


def test_a_literal_collection_the_function_fills_holds_what_it_found():
    code = """
from shop.models import Category

def per_found(ids):
    rows = []
    for pk in ids:
        rows.append(pk)
    for pk in rows:
        Category.objects.get(pk=pk)
    by_key = {}
    by_key[ids[0]] = ids
    for pk in sorted(by_key):
        Category.objects.get(pk=pk)
    for name in ["a", "b"]:
        Category.objects.get(name=name)
"""
    assert lines(code) == [8, 12]


def _with_constants(constants: str) -> dict[str, str]:
    return {**DJANGO, "shop/constants.py": constants}


def test_a_literal_collection_another_module_writes_out_is_bounded():
    """``from shop.constants import KIND_STATUS``: a dict the code spells out, never changed, in whichever
    module; the same name bound to data, grown, assigned into, bound twice or rebound through ``global``
    is not."""
    code = """
from shop import constants
from shop.constants import KIND_STATUS, kinds
from shop.models import Order

def by_kind():
    for kind, status in KIND_STATUS.items():
        Order.objects.filter(status=status).count()
    for kind in kinds:
        Order.objects.filter(status=kind).count()
    for kind in constants.kinds:
        Order.objects.filter(status=kind).count()
"""
    assert lines(code, "app/report.py") == [9, 11]  # not in the project: may be rows (KIND_STATUS: a constant)
    fixed = "KIND_STATUS = {'video': 'open', 'audio': 'closed'}\nkinds: tuple = ('open', 'closed')\n"
    assert [f.span.line for f in lint_source(code, QueryInLoop, path="app/report.py",
                                             files=_with_constants(fixed))] == []
    changing = {
        "grown": "KIND_STATUS = {}\nkinds = ['open']\n\ndef register(k):\n    kinds.append(k)\n    KIND_STATUS.update(k)\n",
        "assigned into": "KIND_STATUS = {}\nkinds = ['open']\n\ndef register(k):\n    KIND_STATUS[k] = k\n    kinds[0] = k\n",
        "bound twice": "KIND_STATUS = {}\nkinds = ['open']\nif True:\n    KIND_STATUS = load()\n    kinds = load()\n",
        "rebound": "KIND_STATUS = {}\nkinds = ['open']\n\ndef load():\n    global KIND_STATUS, kinds\n    KIND_STATUS = fetch()\n",
        "data": "from shop.models import Order\nKIND_STATUS = dict(Order.objects.values_list('pk', 'status'))\n"
                "kinds = list(Order.objects.values_list('status', flat=True))\n",
    }
    for why, constants in changing.items():
        found = [f.span.line for f in lint_source(code, QueryInLoop, path="app/report.py",
                                                  files=_with_constants(constants))]
        assert found, why  # each loop's count is a query per item of a collection that may be rows


def test_a_collection_literal_that_unpacks_rows_is_not_written_out():
    """``ROWS = [*Order.objects.all()]`` is a list literal holding every row: neither a local nor an
    imported one bounds a loop."""
    code = """
from shop.constants import every
from shop.models import Order

def per_order():
    rows = [*Order.objects.all()]
    for order in rows:
        Order.objects.filter(status=order.status).count()
    for order in every:
        Order.objects.filter(status=order.status).count()
"""
    constants = "from shop.models import Order\nevery = (*Order.objects.all(),)\n"
    assert [f.span.line for f in lint_source(code, QueryInLoop, path="app/report.py",
                                             files=_with_constants(constants))] == [7, 9]


def test_a_query_for_the_group_each_iteration_hands_over_is_the_batch():
    """``for kind, ids in ids_by_kind.items(): filter(status=kind, pk__in=ids)``: one query per group, which
    is what batching gives; a group that is not the iteration's own (``pk__in=all_ids``) or a key of its own
    (``pk=ident``) is still a query per iteration."""
    code = """
from sqlalchemy import select
from shop.models import Order

def by_kind(ids_by_kind, all_ids, session, Mapping):
    for kind, ids in ids_by_kind.items():
        Order.objects.filter(status=kind, pk__in=ids).exists()
    for kind, ids in ids_by_kind.items():
        stmt = select(Mapping).where(Mapping.kind == kind, Mapping.local_id.in_(ids))
        session.execute(stmt)
    for kind, ids in ids_by_kind.items():
        Order.objects.filter(status=kind, pk__in=all_ids).exists()
    for ident in all_ids:
        Order.objects.filter(pk=ident).exists()
"""
    assert lines(code, "app/report.py") == [11, 13]


def test_a_range_stepped_by_a_named_width_is_a_window_one_element_is_not():
    """kolibri's tree deletion: ``while left < right: filter(lft__gt=left, rght__lt=left + BATCH).delete();
    left += BATCH``; a position moved by a record's size, the query reading only that record, is one row per pass."""
    code = """
from shop.models import Order

BATCH = 1000

def delete_range(first, last):
    left = first
    while left < last:
        qs = Order.objects.filter(pk__gt=left, pk__lt=left + BATCH)
        qs.delete()
        left += BATCH

def records(buf, size):
    pos = 0
    while pos < len(buf):
        rec = buf[pos]
        Order.objects.get(pk=rec)
        pos += size
"""
    assert lines(code) == [16]


def test_a_list_built_from_a_short_slice_is_as_short():
    """``views = [r[0] for r in top[:6]]``: the list has as many elements as the slice, at most six; a list built
    from every row of the query has as many as the rows."""
    assert lines("""
from shop.models import Order

def busiest(filters):
    top = Order.objects.filter(*filters).values_list("customer").order_by("-total")
    customers = [row[0] for row in top[:6]]
    for customer in customers:
        Order.objects.filter(customer=customer).order_by("-total")[0]
    everyone = [row[0] for row in top]
    for customer in everyone:
        Order.objects.filter(customer=customer).order_by("-total")[0]
""") == [10]


def test_a_bounded_inner_loop_inside_a_loop_over_rows_names_the_outer_loop():
    """``for status in STATUSES`` inside ``for product in Product.objects.all()``: the count runs a few times per
    product, so per row of the outer loop; the same loop over the constant alone runs it a few times in all."""
    found = findings_of("""
from shop.models import Order, Product

STATUSES = ("new", "paid")

def metrics():
    for product in Product.objects.all():
        phases = product.pk
        for status in STATUSES:
            Order.objects.filter(product=phases, status=status).count()
    for status in STATUSES:
        Order.objects.filter(status=status).count()
""")
    assert [(f.span.line, "for product in Product.objects.all()" in f.message) for f in found] == [(9, True)]
