"""ORM102 query-in-loop: explicit queries and per-row writes executed once per iteration."""

import pytest
from n1_models import DJANGO, PEEWEE, SQLALCHEMY, SQLMODEL, TORTOISE
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.rules.queries.query_in_loop import QueryInLoop

from ormlint.testing import lint_source

ALL = {**DJANGO, **SQLALCHEMY, **SQLMODEL, **PEEWEE, **TORTOISE}
HOOKED = {**ALL, "shop/signals.py": """
    from django.db.models.signals import post_save
    from django.dispatch import receiver
    from shop.models import Tag

    @receiver(post_save, sender=Tag)
    def reindex(sender, instance, **kwargs):
        pass
"""}


def findings(code, files=ALL):
    return lint_source(code, QueryInLoop, path="app/services.py", files=files)


def lines(code):
    return [f.span.line for f in findings(code)]


def query_lines(code):
    """Every query line reported: each loop's finding and the other queries of that loop (related)."""
    return sorted({f.span.line for f in findings(code)} | {r.span.line for f in findings(code) for r in f.related
                                                           if r.message.startswith("another query")})


POSITIVES = [
    ("""
from shop.models import Product, Tag

def view(cart):
    for item in cart:
        product = Product.objects.get(pk=item["id"])
        if Tag.objects.filter(label=item["tag"]).exists():
            print(product)
""", [5, 6]),
    ("""
from shop.models import Product

def view(ids):
    counts = {i: Product.objects.filter(category_id=i).count() for i in ids}
    firsts = [Product.objects.filter(category_id=i).first() for i in ids]
""", [4, 5]),
    # iterating a new queryset per outer iteration
    ("""
from shop.models import Category, Product

def view():
    for category in Category.objects.all():
        for product in Product.objects.filter(category=category):
            print(product.name)
""", [5]),
    # SQLAlchemy: session.get, execute(select), legacy query().first(), async
    ("""
from sqlalchemy import select
from blog.models import Post, User

def view(session, ids):
    for i in ids:
        user = session.get(User, i)
        posts = session.execute(select(Post).where(Post.author_id == i)).scalars().all()
        first = session.query(Post).filter(Post.author_id == i).first()

async def aview(session, ids):
    for i in ids:
        user = await session.get(User, i)
""", [6, 7, 8, 12]),
    # Peewee and Tortoise
    ("""
from pw.models import User
from tt.models import Customer

def view(names):
    for name in names:
        User.get_or_none(User.username == name)

async def tview(ids):
    for i in ids:
        await Customer.get(id=i)
""", [6, 10]),
    # writes per row
    ("""
from shop.models import Product, Tag

def view(rows):
    for row in rows:
        Tag.objects.create(label=row)
    for p in Product.objects.filter(price=0):
        p.price = 1
        p.save()
    for p in Product.objects.filter(price=0):
        p.delete()
""", [5, 8, 10]),
    # a helper of the same module
    ("""
from shop.models import Product

def price_of(pk):
    return Product.objects.get(pk=pk).price

def total(ids):
    return sum(price_of(i) for i in ids)
""", [7]),
    # a while loop walking rows one by one: the query reads what the body rebinds
    ("""
from shop.models import Category

def breadcrumbs(category_id):
    trail = []
    while category_id:
        category = Category.objects.get(pk=category_id)
        trail.append(category.name)
        category_id = category.parent_id
    return trail
""", [6]),
    # statements written in place (column selects, text()) and shortcut lookups
    ("""
from django.shortcuts import get_object_or_404
from sqlalchemy import func, select, text
from blog.models import Post
from shop.models import Product

def counts(session, request, users):
    for user in users:
        session.scalar(select(func.count(Post.id)).where(Post.author_id == user))
        session.execute(text("select 1 where :u > 0"), {"u": user})
    for pk in request.POST.getlist("ids"):
        product = get_object_or_404(Product, pk=pk)
        product.save(update_fields=["name"])
        Product.objects.filter(pk=pk).update(stock=0)
""", [8, 9, 11, 12, 13]),
    # a queryset bound in the loop to one row's filter, deleted: one DELETE per row (no batch of ids)
    ("""
from shop.models import Product

def purge(names):
    for name in names:
        doomed = Product.objects.filter(name=name)
        doomed.delete()
""", [6]),
]


@pytest.mark.parametrize("code,expected", POSITIVES)
def test_positives(code, expected):
    assert query_lines(code) == expected


def test_one_finding_per_loop_with_the_other_queries_related():
    (finding,) = findings("""
from shop.models import Product, Tag

def view(cart):
    for item in cart:
        product = Product.objects.get(pk=item["id"])
        if Tag.objects.filter(label=item["tag"]).exists():
            print(product)
""")
    assert finding.span.line == 5 and "(1 more query in this loop)" in finding.message
    assert [(r.span.line, r.message) for r in finding.related] == [
        (6, 'another query of the same loop: `Tag.objects.filter(label=item["tag"]).exists()`')]


NEGATIVES = [
    # batched forms
    """
from shop.models import Product

def view(ids, batches):
    products = Product.objects.in_bulk(ids)
    for i in ids:
        print(products[i])
    for batch in batches:
        Product.objects.filter(pk__in=batch).update(price=1)
""",
    # loop-invariant query, literal loops, retry loops
    """
from shop.models import Product, Tag

def view(items, code):
    for item in items:
        print(item)
    for label in ["a", "b"]:
        Tag.objects.get_or_create(label=label)
    for i in range(3):
        Tag.objects.create(label=str(i))
    while Product.objects.filter(name=code).exists():
        code = code + "x"
""",
    # session.add in a loop is batched by the unit of work; unknown receivers are left alone
    """
from blog.models import User

def view(session, rows, cache):
    for row in rows:
        session.add(User(email=row))
        cache.get(row)
        row.save()
""",
    # module constants are fixed, small collections
    """
from shop.models import Tag

DEFAULT_TAGS = {"new": 1, "sale": 2}

def seed():
    for label, rank in DEFAULT_TAGS.items():
        Tag.objects.get_or_create(label=label)
""",
    # relation queries belong to ORM101
    """
from shop.models import Order

def view():
    for order in Order.objects.all():
        order.items.filter(quantity=1).first()
""",
    # while loops that poll (sleep), search (break once found) or work in batches (__in)
    """
import time
from shop.models import Product

def wait_for(pk, ids):
    attempt = 0
    while attempt < 10:
        attempt += 1
        if Product.objects.filter(pk=pk, stock__gt=attempt).exists():
            return True
        time.sleep(1)
    slug = "p"
    while True:
        if not Product.objects.filter(name=slug).exists():
            break
        slug = slug + "-1"
    while ids:
        batch, ids = ids[:100], ids[100:]
        Product.objects.filter(pk__in=batch).delete()
""",
    # a delete in chunks: each iteration's queryset, bound to a name, holds a batch of ids
    """
from shop.models import Product

def delete_all(name, batch_size=1000):
    queryset = Product.objects.filter(name=name)
    while queryset.exists():
        batch_ids = list(queryset.values_list("id", flat=True)[:batch_size])
        batch = Product.objects.filter(id__in=batch_ids)
        batch.delete()
""",
    # a query in a block that leaves the loop runs at most once
    """
from shop.models import Product

def first_in_stock(names):
    for name in names:
        if name.startswith("x"):
            return Product.objects.filter(name=name).first()
    for name in names:
        product = Product.objects.filter(name=name).first()
        break
""",
]


@pytest.mark.parametrize("code", NEGATIVES)
def test_negatives(code):
    assert lines(code) == []


def test_read_message_names_call_loop_and_batched_form():
    (finding,) = findings("""
from shop.models import Product

def view(cart):
    for item in cart:
        Product.objects.get(pk=item)
""")
    assert "`Product.objects.get(pk=item)`" in finding.message
    assert "`for item in cart` loop (line 4)" in finding.message and "in_bulk" in finding.message


def test_a_lookup_of_one_row_by_another_column_is_advised_by_that_column():
    """``get(name=x)`` / ``filter_by(nvr=x).first()`` per row: the batch fetches by that column (``name__in``,
    ``M.nvr.in_(keys)``), not by id; a lookup by the primary key, by two columns, or of another kind
    (``name__iexact``) keeps the default advice."""
    django = findings("""
from shop.models import Product

def view(names):
    for name in names:
        Product.objects.get(name=name)
    for name in names:
        Product.objects.get(pk=name)
    for name in names:
        Product.objects.filter(name__iexact=name).first()
""")
    assert "`filter(name__in=keys)`) and look them up in a dict by name" in django[0].message
    assert all("in_bulk" in f.message for f in django[1:])
    sqlalchemy = findings("""
from blog.models import Post

def view(session, titles):
    for title in titles:
        session.query(Post).filter_by(title=title).first()
    for title in titles:
        session.query(Post).filter(Post.title == title, Post.id > 0).first()
""")
    assert "`select(M).where(M.title.in_(keys))`" in sqlalchemy[0].message
    assert "M.id.in_(ids)" in sqlalchemy[1].message


def test_saving_a_copy_with_its_key_cleared_is_an_insert():
    """``obj.pk = None`` then ``obj.save()`` inserts a copy (fiduswriter copying a template's styles):
    its bulk form is bulk_create(); without the cleared key, the same save() updates."""
    copied, updated = findings("""
from shop.models import Category

def copy(rows):
    for row in Category.objects.filter(name="template"):
        row.pk = None
        row.name = "copy"
        row.save()
    for row in Category.objects.filter(name="template"):
        row.name = "renamed"
        row.save()
""")
    assert copied.line == 7 and "bulk_create(objs)" in copied.message
    assert updated.line == 10 and "bulk_update(objs, fields)" in updated.message


def test_rows_all_given_the_same_values_are_advised_one_update():
    """``row.name = "archived"; row.save()`` per row: one update() of the queryset writes them all; not when the
    value comes from the row, is set in a branch, the save is conditional, or a call is handed the row (it may
    set other fields per row: ynr's face detection)."""
    same, from_row, in_branch, saved_in_branch, handed, counted = findings("""
from shop.models import Category

def archive(flag, label):
    for row in Category.objects.filter(name="old"):
        row.name = label
        row.save()
    for row in Category.objects.filter(name="old"):
        row.name = row.name.upper()
        row.save()
    for row in Category.objects.filter(name="old"):
        row.name = "x"
        if flag:
            row.name = row.pk
        row.save()
    for row in Category.objects.filter(name="old"):
        row.name = "x"
        if flag:
            row.save()
    for row in Category.objects.filter(name="old"):
        row.name = "x"
        set_position(row, detect(row.pk))
        row.save()
    for row in Category.objects.filter(name="old"):
        row.name = "x"
        if flag:
            row.visits += 1
        row.save()
""")
    assert "every row gets the same `name` here: one `update()`" in same.message
    assert not any("update()" in f.message for f in (from_row, in_branch, saved_in_branch, handed, counted))


def test_write_message_names_bulk_form_and_hooks():
    (plain,) = findings("""
from shop.models import Category

def view(rows):
    for row in rows:
        Category.objects.create(name=row)
""", HOOKED)
    assert "bulk_create(objs)" in plain.message and "ORM401" not in plain.message  # Category has no hooks
    # a post_save receiver on Tag: its bulk form would skip it, so one row at a time is how it runs
    assert findings("""
from shop.models import Tag

def view(rows):
    for row in rows:
        Tag.objects.create(label=row)
""", HOOKED) == []


def test_a_count_per_row_is_advised_as_one_grouped_count():
    """``.count()``/``.exists()`` per row wants the counts of every key in one grouped query, not the rows
    fetched with ``in_bulk``; a ``.get()`` per row keeps the fetch-once advice."""
    found = findings("""
from shop.models import Product

def stats(categories, ids):
    for category in categories:
        Product.objects.filter(category=category).count()
    for category in categories:
        Product.objects.filter(category=category).exists()
    for pk in ids:
        Product.objects.get(pk=pk)
""")
    assert [f.span.line for f in found] == [5, 7, 9]
    assert all("one grouped query" in f.message and ".annotate(n=Count" in f.message for f in found[:2])
    assert "in_bulk" in found[2].message and "grouped" not in found[2].message


def test_sqlalchemy_dml_statements_run_per_row_get_write_advice():
    """``session.execute(update(M)...)`` per row writes; the advice batches the write (ORM bulk UPDATE by
    primary key, one executemany INSERT, one DELETE ... IN), not "fetch the rows once"."""
    found = findings("""
from sqlalchemy import delete, insert, select, update
from blog.models import Post

def rename(session, titles):
    for pk, title in titles.items():
        stmt = update(Post).where(Post.id == pk).values(title=title)
        session.execute(stmt)

def add(session, titles):
    for title in titles:
        session.execute(insert(Post).values(title=title))

def drop(session, ids):
    for pk in ids:
        session.execute(delete(Post).where(Post.id == pk))

def read(session, ids):
    for pk in ids:
        session.execute(select(Post).where(Post.id == pk)).scalar_one()
""")
    assert [f.span.line for f in found] == [7, 11, 15, 19]
    assert [f.message.split("` ", 1)[1].split(" per ")[0] for f in found[:3]] == [
        "runs an UPDATE", "runs an INSERT", "runs a DELETE"]  # a statement may write any number of rows
    assert "session.execute(update(M), [" in found[0].message
    assert "session.execute(insert(M), [" in found[1].message
    assert "delete(M).where(M.id.in_(ids))" in found[2].message
    assert "runs a query per iteration" in found[3].message and "fetch the rows once" in found[3].message


def test_a_django_queryset_update_or_delete_per_row_runs_a_statement_it_does_not_write_one_row():
    """``filter(...).update()`` writes every row its filter matches: the message names the statement."""
    found = findings("""
from shop.models import Product

def zero(request):
    for pk in request.POST.getlist("ids"):
        Product.objects.filter(category=pk).update(stock=0)

def drop(request):
    for pk in request.POST.getlist("ids"):
        Product.objects.filter(category=pk).delete()

def touch():
    for product in Product.objects.all():
        product.save()
""")
    assert [(f.span.line, f.message.split("` ", 1)[1].split(" per ")[0]) for f in found] == [
        (5, "runs an UPDATE"), (9, "runs a DELETE"), (13, "writes one row")]


def test_per_row_creates_of_a_django_lifecycle_model_run_its_hooks_and_are_not_reported():
    """django-lifecycle's ``@hook(AFTER_CREATE)`` runs from the model's save(): bulk_create would skip it,
    so creating rows one by one is how the hooks run (as for save() overrides and receivers)."""
    files = {**ALL, "flags/models.py": """
        from django.db import models
        from django_lifecycle import AFTER_CREATE, LifecycleModel, hook

        class Flag(LifecycleModel):
            name = models.CharField(max_length=50)

            @hook(AFTER_CREATE)
            def create_states(self):
                State.objects.create(flag=self)

        class Plain(models.Model):
            name = models.CharField(max_length=50)
    """}
    code = """
from flags.models import Flag, Plain

def clone(names):
    for name in names:
        Flag.objects.create(name=name)
    for name in names:
        Plain.objects.create(name=name)
"""
    assert [f.span.line for f in findings(code, files)] == [7]


def test_helper_finding_is_at_the_call_with_the_query_related():
    (finding,) = findings("""
from shop.models import Product

def price_of(pk):
    return Product.objects.get(pk=pk).price

def total(ids):
    return [price_of(i) for i in ids]
""")
    assert finding.span.line == 7 and finding.related[0].span.line == 4


def test_a_helper_bound_to_another_module_name_is_the_same_helper():
    code = """
from shop.models import Product

def _price_of(pk):
    return Product.objects.get(pk=pk).price

price_of = _price_of
unrelated = len

def total(ids):
    return [price_of(i) for i in ids] + [unrelated(i) for i in ids]
"""
    (finding,) = findings(code)
    assert finding.span.line == 10 and finding.related[0].span.line == 4
    assert finding.message.startswith("`price_of()` is called per iteration")


PROFILES = {**ALL, "people/models.py": """
    from django.contrib.auth.models import User
    from django.db import models
    from shop.models import Category, Product

    class Profile(models.Model):
        user = models.OneToOneField(User, related_name="profile", on_delete=models.CASCADE)

        def products_in(self, category):
            rows = Product.objects.filter(category=category)
            rows = rows.filter(editor__isnull=False)
            return rows

        def latest(self):
            return Product.objects.filter(editor__isnull=False).first()
"""}


def test_a_model_method_returning_a_query_builds_a_new_one_per_call():
    code = """
from shop.models import Category
from people.models import Profile

def counts(profile: Profile):
    return [profile.products_in(c).count() for c in Category.objects.all()]

def shown(request):
    for category in Category.objects.all():
        rows = request.user.profile.products_in(category)
        if rows.exists():
            print(category.name)

def once(request):
    rows = request.user.profile.products_in(None)
    return [c.name for c in Category.objects.all() if c.pk in rows.values_list("category_id", flat=True)[:0]]
"""
    assert [f.span.line for f in findings(code, PROFILES)] == [5, 10]


def test_the_signed_in_user_is_one_object_for_every_iteration():
    code = """
from shop.models import Category

def names(request):
    return [(c.name, request.user.profile.pk) for c in Category.objects.all()]
"""
    assert [f.span.line for f in lint_source(code, LazyLoadInLoop, path="app/services.py", files=PROFILES)] == []


def test_a_function_of_another_module_counting_rows_from_its_parameter_runs_per_call():
    files = {**ALL, "blog/counts.py": """
        import sqlalchemy as sa
        from blog.models import Post
        from app.db import session

        def count_posts(author_id):
            return session.scalar(sa.select(sa.func.count(Post.id)).filter_by(author_id=author_id)) or 0

        def count_everything():
            return session.scalar(sa.select(sa.func.count(Post.id))) or 0
    """}
    code = """
from blog import counts

def totals(authors):
    return [(a.email, counts.count_posts(a.id), counts.count_everything()) for a in authors]
"""
    (finding,) = findings(code, files)
    assert finding.span.line == 4 and finding.message.startswith("`counts.count_posts(a.id)` runs a query per")


def test_lookups_in_a_dict_of_rows_are_not_queries():
    code = """
from shop.models import Product

def prices(ids):
    by_id = {p.pk: p for p in Product.objects.filter(pk__in=ids)}
    for pk in ids:
        product = by_id.get(pk)
        print(by_id[pk].name, product)
"""
    assert lines(code) == []


def test_a_loop_whose_every_branch_returns_runs_its_query_once():
    code = """
from shop.models import Product

def act(actions):
    for action in actions:
        product = Product.objects.get(name=action)
        if action == "hide":
            return product
        elif action == "show":
            return None
        else:
            raise ValueError(action)
"""
    assert lines(code) == []
    assert lines(code.replace("            raise ValueError(action)", "            print(action)")) == [5]


def test_a_write_whose_failure_stays_confined_to_its_row_is_not_batched():
    code = """
import logging
from django.db import DatabaseError, IntegrityError
from shop.models import Product, Tag

def deprovision(products):
    for product in products:
        try:
            Tag.objects.filter(name=product.name).delete()
        except DatabaseError:
            logging.exception("could not remove the tags of %s", product.pk)

def import_tags(names):
    for name in names:
        try:
            Tag.objects.create(name=name)
        except IntegrityError:
            raise ValueError(name)

def lookup(pks):
    for pk in pks:
        try:
            Product.objects.get(pk=pk)
        except Exception:
            continue
"""
    # one row at a time is how a failed delete stays confined to its row; a handler that re-raises
    # isolates nothing, and a read in a try is still one query per row
    assert lines(code) == [15, 22]


def test_a_query_in_an_inner_loop_that_reads_the_outer_row_runs_per_outer_row():
    """Django runs ``count()`` each time it is called: in the inner loop it reads only the outer loop's
    category, so it runs once per category (and again per product), reported at the outer loop."""
    code = """
from shop.models import Category, Product, Tag

def tag_all(categories, tags):
    for category in categories:
        for tag in tags:
            already = Product.objects.filter(category=category).count()
            print(already, tag)
"""
    (finding,) = findings(code)
    assert finding.span.line == 6 and "`for category in categories` loop (line 4)" in finding.message
    # the outer loop walks a literal pair: no rows; and a query reading neither loop is not per row
    assert lines(code.replace("for category in categories:", 'for category in ("books", "films"):')) == []
    assert lines(code.replace("filter(category=category)", 'filter(name="x")')) == []


def test_a_model_classmethod_that_returns_a_query_result_runs_per_call():
    """``User.get(ref)`` defined on the model (or a project base) as ``session.query(cls)...first()``
    runs that query each time it is called: per row of a comprehension over the rows' keys."""
    models = {"app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import declarative_base
        from app.meta import Session

        Base = declarative_base()

        class DomainObject:
            @classmethod
            def get(cls, reference):
                query = Session.query(cls)
                query = query.filter(cls.id == reference)
                return query.first()

            @classmethod
            def label(cls, reference):
                return f"{cls.__name__}:{reference}"

        class User(DomainObject, Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            name = Column(String)

        class Follower(Base):
            __tablename__ = "followers"
            id = Column(Integer, primary_key=True)
            follower_id = Column(ForeignKey("users.id"))
    """}
    code = """
from app import models

def follower_list(followers):
    return [models.User.get(follower.follower_id) for follower in followers]
"""
    found = lint_source(code, QueryInLoop, path="app/services.py", files=models)
    assert [f.span.line for f in found] == [4] and "models.User.get" in found[0].message
    # a classmethod that runs no query is not one per row
    assert lint_source(code.replace("User.get(", "User.label("), QueryInLoop, path="app/services.py", files=models) == []


def test_a_classmethod_of_the_declarative_bases_mixin_querying_cls_query_runs_per_call():
    """``Base = declarative_base(cls=BodhiBase)``: every model derives from the mixin, whose ``get()`` returns
    ``cls.query.filter(...).first()`` (a ``query_property``): one query per call, per row of the loop. A method
    of the mixin that runs nothing, a helper asking ``request.query`` (not a model's), and what another
    function builds from a query (``group_list(query)``: a dict), are not."""
    models = {"app/models.py": """
        from sqlalchemy import Column, Integer, String, or_
        from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

        Session = scoped_session(sessionmaker())

        class BodhiBase:
            query = Session.query_property()
            __get_by__ = ()

            @classmethod
            def get(cls, id):
                return cls.query.filter(or_(getattr(cls, col) == id for col in cls.__get_by__)).first()

            @classmethod
            def label(cls, id):
                return f"{cls.__name__}:{id}"

        Base = declarative_base(cls=BodhiBase)

        class Build(Base):
            __tablename__ = "builds"
            id = Column(Integer, primary_key=True)
            nvr = Column(String)
    """, "app/helpers.py": """
        from app.models import Build
        from app.util import group_list

        def param(request, key):
            return request.query.filter(key=key).first()

        def builds_by_name(names):
            query = Build.query.filter(Build.nvr.in_(names))
            return group_list(query, key=lambda b: b.nvr)
    """}
    code = """
from app.helpers import builds_by_name, param
from app.models import Build

def builds(request, nvrs):
    found = [Build.get(nvr) for nvr in nvrs]
    labels = [Build.label(nvr) for nvr in nvrs]
    values = [param(request, nvr) for nvr in nvrs]
    grouped = builds_by_name(nvrs)
    kept = [grouped.get(nvr, []) for nvr in nvrs]  # a dict another function built from the query
"""
    found = lint_source(code, QueryInLoop, path="app/services.py", files=models)
    assert [f.span.line for f in found] == [5] and "`Build.get(nvr)`" in found[0].message


def test_a_range_over_a_count_the_function_fixes_is_bounded():
    """``for i in range(attempts)`` with ``attempts = 100`` bound in the function: a fixed number of tries,
    not rows; the same loop over a count the caller passes may be as long as the data."""
    code = """
from shop.models import Product

def free_name(stem):
    attempts = 100
    for i in range(attempts):
        name = f"{stem}-{i}"
        if not Product.objects.filter(name=name).exists():
            return name
"""
    assert lines(code) == []
    assert lines(code.replace("def free_name(stem):\n    attempts = 100", "def free_name(stem, attempts):")) == [6]


def test_a_model_method_that_returns_a_query_result_runs_per_row():
    """``order.total_paid()`` whose body runs ``Payment.objects.filter(order=self).aggregate(...)`` and returns
    the result: one query per row of the loop that calls it."""
    models = {"billing/models.py": """
        from django.db import models
        from django.db.models import Sum

        class Order(models.Model):
            number = models.CharField(max_length=20)

            def total_paid(self):
                return Payment.objects.filter(order=self).aggregate(total=Sum("amount"))["total"]

            def payments(self):
                return Payment.objects.filter(order=self)

            def label(self):
                return f"#{self.number}"

        class Payment(models.Model):
            order = models.ForeignKey(Order, on_delete=models.CASCADE)
            amount = models.DecimalField(max_digits=10, decimal_places=2)
    """}
    code = """
from billing.models import Order

def report():
    for order in Order.objects.all():
        print(order.label(), order.total_paid())
"""
    found = lint_source(code, QueryInLoop, path="billing/report.py", files=models)
    assert [f.span.line for f in found] == [5] and "order.total_paid()" in found[0].message
    # a method returning a queryset it has not run, or computing from the row's columns, runs nothing
    assert lint_source(code.replace("order.total_paid()", "order.payments()"), QueryInLoop,
                       path="billing/report.py", files=models) == []


VOCABULARIES = {"app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import declarative_base
        from app.meta import Session

        Base = declarative_base()

        class Vocabulary(Base):
            __tablename__ = "vocabulary"
            id = Column(Integer, primary_key=True)
            name = Column(String)

            @property
            def tags(self):
                query = Session.query(Tag)
                return query.filter(Tag.vocabulary_id == self.id)

            @property
            def label(self):
                return self.name.title()

        class Tag(Base):
            __tablename__ = "tag"
            id = Column(Integer, primary_key=True)
            vocabulary_id = Column(ForeignKey("vocabulary.id"))
            name = Column(String)
    """}


def test_iterating_a_model_property_that_returns_a_query_runs_it_per_row():
    """``for tag in vocabulary.tags`` where ``tags`` is a property returning ``Session.query(Tag).filter(...)``:
    each read builds a new query, which the inner loop runs once per vocabulary."""
    code = """
from app.models import Vocabulary

def vocabularies(session):
    out = {}
    for vocabulary in session.query(Vocabulary).all():
        out[vocabulary.name] = [tag.name for tag in vocabulary.tags]
    return out
"""
    found = lint_source(code, QueryInLoop, path="app/services.py", files=VOCABULARIES)
    assert [f.span.line for f in found] == [6] and "vocabulary.tags" in found[0].message
    # a property computing from the row's columns runs nothing
    assert lint_source(code.replace("for tag in vocabulary.tags", "for tag in vocabulary.label"), QueryInLoop,
                       path="app/services.py", files=VOCABULARIES) == []


def test_iterating_a_legacy_sqlalchemy_query_per_row_runs_it():
    """SQLAlchemy's legacy ``Query`` runs when iterated (unlike a ``select()``): iterating one built from the
    outer row is a query per row, reported once with an ``.all()`` of the same loop related."""
    code = """
from blog.models import Post, User

def view(session):
    for user in session.query(User).all():
        for post in session.query(Post).filter(Post.author_id == user.id):
            print(post)
        titles = [p.title for p in session.query(Post).filter(Post.author_id == user.id).all()]
        same = [p.title for p in session.query(Post).filter(Post.author_id == 1)]
"""
    assert query_lines(code) == [5, 7]


def test_rows_handed_in_as_an_annotated_list_run_a_query_per_element():
    """``def names(vocabularies: list[Vocabulary])``: the caller's rows; the query a model property builds runs
    once per element, whatever the caller eager-loaded (its relations may have come loaded: not reported)."""
    code = """
from app.models import Vocabulary

def names(vocabularies: list[Vocabulary]):
    return {v.name: [tag.name for tag in v.tags] for v in vocabularies}
"""
    found = lint_source(code, QueryInLoop, path="app/services.py", files=VOCABULARIES)
    assert [f.span.line for f in found] == [4]
    assert lint_source(code.replace("list[Vocabulary]", "list[str]"), QueryInLoop, path="app/services.py",
                       files=VOCABULARIES) == []
    # their relations may have come eager-loaded by the caller: reading one is not reported
    reads = """
from shop.models import Product

def names(products: list[Product]):
    return [product.category.name for product in products]
"""
    assert lint_source(reads, LazyLoadInLoop, path="app/services.py", files=ALL) == []


def test_a_chain_walk_is_one_query_per_link_and_no_batch_can_fetch_it_first():
    """Each lookup's key is read off the row the previous iteration fetched: the keys are unknown before the
    loop, so the message names a recursive query, not ``in_bulk``. Popping keys known up front is a batch."""
    walk = """
from shop.models import Category

def trail(category_id):
    names = []
    node_id = category_id
    while node_id is not None:
        node = Category.objects.get(pk=node_id)
        names.append(node.name)
        node_id = node.parent_id
    return names
"""
    found = findings(walk)
    assert [f.span.line for f in found] == [7]
    assert "previous iteration fetched" in found[0].message and "WITH RECURSIVE" in found[0].message
    assert "in_bulk" not in found[0].message
    known = """
from shop.models import Category

def names(ids):
    out = []
    while ids:
        node_id = ids.pop()
        node = Category.objects.get(pk=node_id)
        out.append(node.name)
    return out
"""
    found = findings(known)
    assert [f.span.line for f in found] == [7]
    assert "previous iteration" not in found[0].message and "in_bulk" in found[0].message


def test_calling_a_huey_task_in_a_loop_only_queues_it():
    """huey's ``@task()``/``@db_task()``: calling the function enqueues it and the worker runs its query,
    not the loop; a plain function of the same body queries per iteration (and a Celery task called
    directly runs in place)."""
    code = """
from huey.contrib.djhuey import db_task
from shop.models import Product

@db_task()
def refresh_price(pk):
    Product.objects.get(pk=pk).refresh()

def load_price(pk):
    return Product.objects.get(pk=pk).price

def refresh_all(ids):
    for pk in ids:
        refresh_price(pk)
    for pk in ids:
        load_price(pk)
"""
    assert lines(code) == [15]


def test_a_huey_task_of_another_module_called_in_a_loop_only_queues_it():
    files = {**ALL, "shop/tasks.py": """
        from huey.contrib.djhuey import task
        from shop.models import Product

        @task()
        def refresh_price(pk):
            Product.objects.get(pk=pk).refresh()
    """}
    code = """
from shop.tasks import refresh_price

def refresh_all(ids):
    for pk in ids:
        refresh_price(pk)
"""
    assert findings(code, files) == []
    plain = {**files, "shop/tasks.py": files["shop/tasks.py"].replace("@task()", "")}
    assert len(findings(code, plain)) == 1


def test_a_loop_over_a_short_literal_slice_is_bounded_by_the_code():
    """``Product.objects.order_by("-sold")[:5]``: at most five rows, whatever the table holds; a wide
    slice (``[:500]``) or one bounded by a variable is still rows."""
    code = """
from shop.models import Product, Tag

def top(limit):
    for product in Product.objects.order_by("-sold")[:5]:
        Tag.objects.filter(label=product.name).count()
    for product in Product.objects.order_by("-sold")[:500]:
        Tag.objects.filter(label=product.name).count()
    for product in Product.objects.order_by("-sold")[:limit]:
        Tag.objects.filter(label=product.name).count()
    pending = Product.objects.filter(stock=0)[:5]
    for product in pending:
        Tag.objects.filter(label=product.name).count()
    pending_all = Product.objects.filter(stock=0)[:5]
    pending_all = Product.objects.filter(stock=0)
    for product in pending_all:
        Tag.objects.filter(label=product.name).count()
"""
    assert lines(code) == [7, 9, 16]


def test_a_slice_bounded_by_a_small_default_or_constant_is_bounded_by_the_code():
    """``qs[:max_num]`` with ``max_num=15`` the function's default, or ``qs[:TOP]`` with ``TOP = 5``; a default
    or constant over twenty is still rows."""
    code = """
from shop.models import Product, Tag

TOP = 5
MANY = 500

def recent(days=7, max_num=15, page=100):
    for product in Product.objects.order_by("-sold")[:max_num]:
        Tag.objects.filter(label=product.name).count()
    for product in Product.objects.order_by("-sold")[:TOP]:
        Tag.objects.filter(label=product.name).count()
    for product in Product.objects.order_by("-sold")[:page]:
        Tag.objects.filter(label=product.name).count()
    for product in Product.objects.order_by("-sold")[:MANY]:
        Tag.objects.filter(label=product.name).count()
"""
    assert lines(code) == [12, 14]


JOBS = {**ALL, "shop/jobs.py": """
    import asyncio
    from shop.models import Order, OrderItem, Product

    def check_item(order, line):
        return OrderItem.objects.filter(order=order, product_id=line["product"]).exists()

    def import_order(order_id, lines):
        order = Order.objects.get(pk=order_id)
        for line in lines:
            check_item(order, line)
        order.status = "imported"
        order.save()

    def crawl(product_id):
        product = Product.objects.get(pk=product_id)
        asyncio.run(Crawler(product).run())

    def price(product_id):
        return Product.objects.get(pk=product_id).price

    def total(order_id, lines):
        order = Order.objects.get(pk=order_id)
        return sum(line["quantity"] for line in lines) if order.status else 0
"""}


def test_a_helper_that_is_a_whole_job_per_item_is_not_a_lookup_to_batch():
    """A function that loops over its own collection with a query per element, or runs a program of
    coroutines to its end, is one job per call: its first query is one of many, and no rows can be fetched
    for it before the caller's loop. A lookup (also one that loops over data without querying) is N+1."""
    code = """
from shop.jobs import crawl, import_order, price, total

def run_all(ids, batches):
    for pk in ids:
        import_order(pk, batches[pk])
    for pk in ids:
        crawl(pk)
    for pk in ids:
        price(pk)
    for pk in ids:
        total(pk, batches[pk])
"""
    assert [f.span.line for f in findings(code, JOBS)] == [9, 11]


def test_a_helper_of_the_same_module_that_is_a_whole_job_per_item_is_not_followed():
    code = """
from shop.models import Order, OrderItem

def import_order(order_id, lines):
    order = Order.objects.get(pk=order_id)
    for line in lines:
        OrderItem.objects.create(order=order, product_id=line["product"])

def lookup(order_id, lines):
    order = Order.objects.get(pk=order_id)
    return [line for line in lines if line["order"] == order.pk]

def run_all(ids, batches):
    for pk in ids:
        import_order(pk, batches[pk])
    for pk in ids:
        lookup(pk, batches[pk])
"""
    assert lines(code) == [6, 16]


def test_a_helper_looping_over_what_its_parameter_holds_is_the_per_item_load_not_a_job():
    code = """
from shop.models import Order

def close(order):
    order = Order.objects.get(pk=order)
    for item in order.items.all():
        item.delete()

def close_all(ids):
    for pk in ids:
        close(pk)
"""
    assert lines(code) == [6, 10]


def test_a_query_of_one_rows_children_is_advised_as_a_prefetch_of_the_reverse_relation():
    code = """
from shop.models import Order, OrderItem, Product

def lines(orders):
    for order in Order.objects.all():
        print([i.quantity for i in OrderItem.objects.filter(order=order)])
    for product in Product.objects.all():
        print(OrderItem.objects.filter(product=product, quantity__gt=1).first())
"""
    first, second = findings(code)
    assert first.message.endswith('prefetch them for every Order with `.prefetch_related("items")` on the query '
                                  'of the Order rows and read `order.items.all()`')
    assert "in_bulk" in second.message  # two conditions: not the plain reverse relation


def test_a_count_of_the_rows_a_while_test_fetched_reads_them():
    """``while rows:`` fetches the rows, and Django's ``count()``/``exists()`` answer from them; after the
    body binds the name to another query, they run SQL again."""
    code = """
from shop.models import Product

def batches(size):
    offset = 0
    rows = Product.objects.all()[offset:offset + size]
    while rows:
        print(rows.count())
        offset += size
        rows = Product.objects.all()[offset:offset + size]
    pending = Product.objects.filter(price=0)
    while pending:
        pending = Product.objects.filter(price=0, name=str(offset))
        print(pending.count())
"""
    assert lines(code) == [13]


def test_a_queryset_the_loop_builds_and_a_builtin_evaluates_is_a_query_per_iteration():
    """``list(qs)``, ``len(qs)``, ``sorted(qs)``..., ``qs[0]`` evaluate a Django queryset: built per iteration,
    one query per iteration. Not: a queryset built once before the loop (also indexed), a dict of its rows,
    a ``list`` the module imports."""
    code = """
from shop.models import Order

def per_kind(kinds):
    for kind in kinds:
        rows = list(Order.objects.filter(status=kind))
    for kind in kinds:
        n = len(Order.objects.filter(status=kind))
    for kind in kinds:
        latest = Order.objects.filter(status=kind).order_by("-pk")[0]
    everything = Order.objects.all()
    for kind in kinds:
        rows = list(everything)
    for kind in kinds:
        first = everything[0]
    by_kind = {o.status: o for o in everything}
    for kind in kinds:
        row = by_kind[kind]
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [5, 7, 9]
    imported = """
from app.lists import list
from shop.models import Order

def per_kind(kinds):
    for kind in kinds:
        rows = list(Order.objects.filter(status=kind))
"""
    assert lint_source(imported, QueryInLoop, path="app/views.py", files=DJANGO) == []
    assert "runs a query per iteration" in found[0].message


def test_a_queryset_bound_in_the_loop_runs_where_it_is_first_evaluated():
    """``qs = Order.objects.filter(status=kind)`` in the loop's body, then ``for o in qs``, ``len(qs)``,
    ``if qs:``, ``if not qs``, ``bool(qs)``: a Django queryset runs when evaluated, once per iteration,
    reported at the query the loop builds. Not: one built before the loop, one built but never evaluated,
    one the loop already evaluated where it built it (``list(...)``: one finding, no twin)."""
    code = """
from shop.models import Order

def per_kind(kinds, out):
    for kind in kinds:
        qs = Order.objects.filter(status=kind)
        for order in qs:
            print(order)
    for kind in kinds:
        qs = Order.objects.filter(status=kind).order_by("pk")
        n = len(qs)
    for kind in kinds:
        qs = Order.objects.filter(status=kind)
        if qs:
            print(kind)
    for kind in kinds:
        qs = Order.objects.filter(status=kind)
        if kind and not qs:
            continue
    for kind in kinds:
        qs = Order.objects.filter(status=kind)
        print(bool(qs))
    everything = Order.objects.filter(status="new")
    for kind in kinds:
        if everything:
            print(kind)
        for order in everything:
            print(order)
    for kind in kinds:
        qs = Order.objects.filter(status=kind)
        out.append(qs)
    for kind in kinds:
        rows = list(Order.objects.filter(status=kind))
        for row in rows:
            print(row)
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [(f.span.line, f.related) for f in found] == [(5, ()), (9, ()), (12, ()), (16, ()), (20, ()), (32, ())]
    assert found[0].message.startswith("`Order.objects.filter(status=kind)` runs a query per iteration")


def test_a_query_built_in_an_outer_loop_runs_once_per_outer_row():
    """A queryset the outer loop builds and an inner loop iterates: its result cache serves every inner
    iteration, so it runs once per outer row, reported at the outer loop."""
    code = """
from shop.models import Order

def per_kind(kinds, days):
    for kind in kinds:
        qs = Order.objects.filter(status=kind)
        for day in days:
            for order in qs:
                print(order, day)
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [5] and "`for kind in kinds` loop" in found[0].message


def test_a_query_the_loop_builds_and_a_helper_evaluates_runs_per_iteration():
    """``agents = qs.filter(site=site)`` built per iteration and handed to a helper of the module that iterates
    it: one query per iteration, reported at the call. Not: a query built before the loop (its result cache
    serves every call), a helper that never evaluates what it gets."""
    code = """
from shop.models import Order, Product

def _failing(products):
    return [p.pk for p in products]

def _narrowed(products):
    return products.filter(stock=0)

def refresh():
    qs = Product.objects.all()
    for order in Order.objects.all():
        products = qs.filter(category=order.status)
        order.failing = _failing(products)
    for order in Order.objects.all():
        order.failing = _failing(qs)
    for order in Order.objects.all():
        products = qs.filter(category=order.status)
        order.failing = _narrowed(products)
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [13]
    assert found[0].message.startswith("`_failing()` is called per iteration and runs a query inside it: "
                                       "`qs.filter(category=order.status)` runs a query per iteration")


def test_a_query_a_helper_builds_and_the_loop_evaluates_runs_per_iteration():
    """``def _of(order): return Product.objects.filter(...)``: the helper builds a lazy queryset; the loop that
    iterates it, counts it with ``len()`` or tests its truth runs one query per row, reported at the call.
    Not: a memoised helper (one query per distinct argument), a generator, a helper that may return
    something else than the query, a result the loop only keeps (``out[pk] = _of(order)``), a call whose
    argument the loop does not change."""
    code = """
import functools
from shop.models import Order, Product

def _of(order):
    return Product.objects.filter(category=order.status)

@functools.lru_cache
def _cached(order):
    return Product.objects.filter(category=order.status)

def _maybe(order):
    if order.status == "x":
        return []
    return Product.objects.filter(category=order.status)

def _each(order):
    yield Product.objects.filter(category=order.status)

class Report:
    def _mine(self, order):
        return Product.objects.filter(category=order.status).order_by("pk")

    def run(self, orders):
        for order in orders:
            for p in self._mine(order):
                print(p)

def report(request):
    kept = {}
    for order in Order.objects.all():
        products = _of(order)
        for p in products:
            print(p)
    for order in Order.objects.all():
        print(len(_of(order)))
    for order in Order.objects.all():
        if _of(order):
            print(order)
    for order in Order.objects.all():
        for p in _cached(order):
            print(p)
    for order in Order.objects.all():
        for p in _maybe(order):
            print(p)
    for order in Order.objects.all():
        for p in _each(order):
            print(p)
    for order in Order.objects.all():
        kept[order.pk] = _of(order)
    for order in Order.objects.all():
        print(len(_of(request.user)))
    return kept
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [25, 31, 35, 37]
    assert found[1].message.startswith("`_of()` is called per iteration and returns a query the loop runs: "
                                       "`Product.objects.filter(category=order.status)` runs a query per iteration")
    assert [(r.span.line, r.message) for r in found[1].related] == [(5, "the query in `_of`")]


def test_a_helpers_fetch_for_a_missing_object_does_not_run_when_the_loop_hands_it_the_row():
    """``def reset(pk, order=None): if order is None: order = Order.objects.get(pk=pk)``: called per row with
    the row itself, the fetch never runs; called with only the key, it runs per row."""
    code = """
from shop.models import Order

def _reset(pk, order=None):
    if order is None:
        order = Order.objects.get(pk=pk)
    order.status = "new"

def _touch(pk, order=None):
    if order is not None:
        return order
    return Order.objects.get(pk=pk)

def reset_all():
    for order in Order.objects.filter(status="x"):
        _reset(order.pk, order)
    for order in Order.objects.filter(status="x"):
        _touch(order.pk, order)
    for order in Order.objects.filter(status="x"):
        _reset(order.pk)
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [19]


def test_a_helpers_branch_on_a_parameter_the_call_leaves_at_none_does_not_run():
    """``def _init(name, code=None): if code and ...: Order.objects.get(...)``: called per row without
    ``code``, the query never runs; called with it, per row."""
    code = """
from shop.models import Order

def _init(name, code=None, strict=False):
    if code and not strict:
        return Order.objects.get(status=name)
    if code is not None:
        return Order.objects.filter(status=name).first()
    return name

def fields(names, code):
    for name in names:
        _init(name)
    for name in names:
        _init(name, code)
    for name in names:
        _init(name, **{"code": code})
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [14, 16]


def test_a_helpers_branch_the_calls_constant_argument_rules_out_does_not_run():
    """``_close(order, notify=False)`` per row where ``_close`` queries only under ``if notify and ...``, or
    ``_handle(order, Event.RETRY)`` where it queries only under ``if event == Event.DONE``: the constant the
    call passes rules the branch out. Passed the other constant, or a value the loop changes, it runs per row."""
    code = """
from enum import Enum
from shop.models import Order, OrderItem

class Event(Enum):
    DONE = "done"
    RETRY = "retry"

def _close(order, notify=True, limit=0):
    if notify and order.status:
        OrderItem.objects.filter(order=order).count()
    if limit:
        OrderItem.objects.filter(order=order)[:limit].exists()
    return order

def _handle(order, event):
    if event == Event.DONE:
        OrderItem.objects.filter(order=order).delete()
    if event != Event.RETRY:
        OrderItem.objects.filter(order=order).exists()

def run(orders, flag):
    for order in orders:
        _close(order, notify=False)
    for order in orders:
        _handle(order, Event.RETRY)
    for order in orders:
        _close(order, notify=True)
    for order in orders:
        _handle(order, Event.DONE)
    for order in orders:
        _close(order, flag)
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [27, 29, 31]


def test_a_branch_for_one_key_of_a_dict_runs_once_per_loop():
    """``for key, value in record.items(): if key == "category": Category.objects.get(...)``: the keys of a dict
    are distinct, so that branch runs once; a test of the value, or of a list's elements, runs per row."""
    code = """
from shop.models import Category, Product

def apply(record, rows):
    for key, value in record.items():
        if key == "category":
            Category.objects.get(name=value)
        elif key in ("tag", "label") and value:
            Product.objects.filter(name=value).exists()
    for key in record.keys():
        if "product" == key:
            Product.objects.get(name=record[key])
    for key, value in record.items():
        if value == "category":
            Category.objects.get(name=key)
    for key in rows:
        if key == "category":
            Category.objects.get(name=key)
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [14, 17]


def test_a_helper_the_function_defines_in_its_body_is_followed_like_a_module_one():
    """``def count_of(pk): return Product.objects.filter(category=pk).count()`` nested in the view, called per
    row: one query per call; the same helper called with a value the loop does not change, once."""
    code = """
from shop.models import Product

def counts(request, ids):
    def count_of(pk):
        return Product.objects.filter(category=pk).count()

    per_id = {}
    for pk in ids:
        per_id[pk] = count_of(pk)
    for pk in ids:
        per_id[pk] = count_of(request.user.pk)
    return per_id
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [9] and found[0].message.startswith("`count_of()` is called per iteration")


def test_the_truth_of_a_query_runs_it_only_where_the_orm_says_so():
    """``if query:`` runs a Peewee select (its length) but not a legacy SQLAlchemy ``Query``, which has no
    length and is always true (iterating it does run it)."""
    peewee = """
from pw.models import Tweet

def f(users):
    for user in users:
        tweets = Tweet.select().where(Tweet.user == user)
        if tweets:
            print(user)
"""
    assert [f.span.line for f in lint_source(peewee, QueryInLoop, path="app/views.py", files=PEEWEE)] == [5]
    legacy = """
from blog.models import Post

def f(session, users):
    for user in users:
        posts = session.query(Post).filter(Post.author_id == user)
        if posts:
            print(user)
"""
    assert lint_source(legacy, QueryInLoop, path="app/views.py", files=SQLALCHEMY) == []
    iterated = legacy.replace("if posts:", "for post in posts:")
    assert [f.span.line for f in lint_source(iterated, QueryInLoop, path="app/views.py", files=SQLALCHEMY)] == [5]


def test_a_comprehensions_own_variable_is_not_the_loops():
    """``[i.split("-")[0] for i in ids]`` inside the query: its ``i`` is the comprehension's, not the ``i``
    the loop's body binds, so the query is the same every iteration; a comprehension over the loop's own
    row still varies with it."""
    code = """
from shop.models import Order

def copy_quotas(subevents, form):
    for se in subevents:
        i = form.instance
        i.save()
        same = Order.objects.filter(status__in=[i.split("-")[0] for i in form.data["ids"]]).exists()
    for se in subevents:
        varies = Order.objects.filter(status__in=[s for s in se.statuses]).exists()
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=DJANGO)
    assert [f.span.line for f in found] == [9]


def test_a_while_loop_stepping_through_time_windows_works_on_chunks_of_rows():
    """``while start < end: ...; start += timedelta(days=1)``: each iteration updates or scans one window of a
    date range, a chunk of rows chosen on purpose, not one row; a loop stepping an index by one still walks
    rows."""
    code = """
from datetime import timedelta
from shop.models import Order

def archive(start_date, end_date):
    process_date = start_date
    while process_date < end_date:
        Order.objects.filter(created__gte=process_date, created__lt=process_date + timedelta(days=1)).update(archived=True)
        process_date += timedelta(days=1)

def postage(start_date, until):
    while start_date < until:
        end_date = start_date + timedelta(days=10)
        Order.objects.filter(created__range=(start_date, end_date)).update(postage="second")
        start_date = end_date

def pending(start_dt, end_dt, chunk_timedelta):
    found = []
    while start_dt < end_dt:
        found += list(Order.objects.filter(created__gte=start_dt, created__lt=start_dt + chunk_timedelta))
        start_dt += chunk_timedelta
    return found

def by_index(ids):
    i = 0
    while i < len(ids):
        Order.objects.filter(pk=ids[i]).update(archived=True)
        i += 1
"""
    assert lines(code) == [26]


def test_upsert_advice_keeps_behaviour_without_a_unique_constraint():
    """update_or_create() per row: an upsert (bulk_create with update_conflicts) finds conflicts only through a
    unique constraint, so the advice leads with fetching the existing rows and names the upsert as the way when
    one covers the lookup fields; get_or_create()'s ignore_conflicts likewise needs one."""
    [update, get] = findings("""
from shop.models import Tag

def sync(rows):
    for row in rows:
        Tag.objects.update_or_create(label=row["label"], defaults={"rank": row["rank"]})
    for row in rows:
        Tag.objects.get_or_create(label=row["label"])
""")
    assert "fetch the existing rows once" in update.message and "`bulk_update()` those" in update.message
    assert "when a unique constraint covers the lookup fields" in update.message
    assert update.message.index("fetch the existing rows") < update.message.index("update_conflicts=True")
    assert "`ignore_conflicts=True` when a unique constraint on the key" in get.message


def test_a_row_created_once_per_key_and_kept_in_a_cache_is_not_per_iteration():
    """``if name not in seen: seen[name] = Category.objects.create(...)``: one insert per distinct new key, the
    row then reused from the cache (in the loop, or in a helper whose cache outlives its calls). A write the
    cache does not keep (an update per row) still counts, and so does a create whose key is not cached."""
    found = findings("""
from shop.models import Category, Tag

def import_rows(rows):
    seen = {}

    def category_of(name):
        if name not in seen:
            category = Category.objects.create(name=name)
            seen[name] = category
        else:
            category = seen[name]
        return category

    for row in rows:
        print(category_of(row["category"]))
        if row["tag"] not in seen:
            seen[row["tag"]] = Tag.objects.create(label=row["tag"])
        Tag.objects.filter(label=row["tag"]).update(label=row["new"])
        Tag.objects.create(label=row["other"])
""")
    assert [f.line for f in found] == [18]
    assert "another query of the same loop" in found[0].related[0].message


def test_a_related_managers_add_or_remove_per_row_is_one_call_with_every_object():
    """``product.tags.add(tag)`` per row runs its own queries (Django reads the existing links, then inserts):
    ``add(*tags)`` takes them all at once. Owner the same every time: one call after the loop; owner changing:
    the relation's ``through`` rows. Not a finding: ``add(*tags)``, ``set()``/``clear()``
    per owner (no batch form), ``add()`` on something that is not a relation, an ``add()`` that leaves the loop."""
    found = findings("""
from shop.models import Product, Tag

def tag_one(product_id, tag_ids):
    product = Product.objects.get(pk=product_id)
    for tag_id in tag_ids:
        product.tags.add(tag_id)

def untag(product: Product, tags):
    for tag in tags:
        product.tags.remove(tag)

def tag_every(tag: Tag):
    for product in Product.objects.filter(name__startswith="x"):
        product.tags.add(tag)

def tag_each(tag_of):
    for product in Product.objects.all():
        product.tags.add(tag_of[product.pk])
""")
    assert [f.span.line for f in found] == [6, 10, 14, 18]
    assert "`through` rows" in found[3].message
    assert "`product.tags.add(*objs)` once after the loop" in found[0].message
    assert "`product.tags.remove(*objs)` once after the loop" in found[1].message
    assert "from its side of the relation" in found[2].message and "once after the loop" not in found[2].message
    assert findings("""
from shop.models import Product, Tag

def tag_all(product: Product, tags, groups):
    product.tags.add(*tags)
    for group in groups:
        product.tags.add(*group)
    for row in Product.objects.all():
        row.tags.set(tags)
        row.tags.clear()
    seen = set()
    for tag in tags:
        seen.add(tag)
    for tag in tags:
        product.tags.add(tag)
        break
""") == []
