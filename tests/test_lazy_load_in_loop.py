"""ORM101 lazy-load-in-loop: positives, hard negatives and fixes per ORM."""

import libcst as cst
import pytest
from n1_models import DJANGO, IMPERATIVE, PEEWEE, SQLALCHEMY, SQLMODEL, TORTOISE
from ormlint.core.config import Config
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop

from ormlint.testing import fix_source, lint_source

ALL = {**DJANGO, **SQLALCHEMY, **SQLMODEL, **PEEWEE, **TORTOISE}


def lines(code, path="app/views.py"):
    return [f.span.line for f in lint_source(code, LazyLoadInLoop, path=path, files=ALL)]


def messages(code):
    return [f.message for f in lint_source(code, LazyLoadInLoop, path="app/views.py", files=ALL)]


def fixed(code):
    out = fix_source(code, LazyLoadInLoop, path="app/views.py", files=ALL)
    cst.parse_module(out)
    assert fix_source(out, LazyLoadInLoop, path="app/views.py", files=ALL) == out  # idempotent
    assert lines(out) == []
    return out


POSITIVES = [
    # forward FK through a variable and a chain
    ("""
from shop.models import Product

def view():
    products = Product.objects.filter(price__gt=0).order_by("name")[:20]
    for p in products:
        print(p.category.name)
""", [6]),
    # reverse FK related_name, M2M manager, in a comprehension
    ("""
from shop.models import Category, Product

def view():
    a = [c.products.count() for c in Category.objects.all()]
    b = [[t.label for t in p.tags.all()] for p in Product.objects.all()]
""", [4, 5]),
    # reverse one-to-one and reverse FK default name, model referenced across apps
    ("""
from accounts.models import Account

def view():
    for account in Account.objects.all():
        print(account.profile.bio, account.order_set.all())
""", [5, 5]),
    # %(class)s related_name from an abstract base
    ("""
from accounts.models import Account

def view():
    for account in Account.objects.all():
        print(list(account.edited_products.all()))
""", [5]),
    # prefetched relation re-queried with filter() is still N+1
    ("""
from shop.models import Product

def view():
    for p in Product.objects.prefetch_related("tags"):
        print(p.tags.filter(label="x"))
""", [5]),
    # nested: items prefetched, but not items__product
    ("""
from shop.models import Order

def view():
    for order in Order.objects.prefetch_related("items"):
        for item in order.items.all():
            print(item.product.name)
""", [6]),
    # inner for over a relation at the for line
    ("""
from shop.models import Order

def view():
    for order in Order.objects.all():
        for item in order.items.all():
            print(item.quantity)
""", [5]),
    # enumerate, async for, get_object_or_404 + relation iteration
    ("""
from django.shortcuts import get_object_or_404
from shop.models import Order, Product

def view(pk):
    for i, p in enumerate(Product.objects.all()):
        print(i, p.category)
    order = get_object_or_404(Order, pk=pk)
    for item in order.items.all():
        print(item.product)
""", [6, 9]),
    # class-based view queryset, and a function returning a queryset in the same file
    ("""
from django.views.generic import ListView
from shop.models import Product

def published():
    return Product.objects.filter(price__gt=0)

class ProductList(ListView):
    queryset = Product.objects.all()

    def names(self):
        return [p.category.name for p in self.get_queryset()]

def other():
    for p in published():
        print(p.category)
""", [11, 15]),
    # a helper of the same module called in the loop, reported at the call
    ("""
from shop.models import Product

def label(product):
    return f"{product.name} ({product.category.name})"

def view():
    return [label(p) for p in Product.objects.all()]
""", [7]),
    # SQLAlchemy 2.0 forms and legacy Query, SQLModel exec
    ("""
from sqlalchemy import select
from blog.models import Post, User

def view(session):
    for post in session.execute(select(Post).where(Post.id > 3)).scalars():
        print(post.author.email)
    for user in session.query(User).filter_by(email="x").all():
        print(user.posts, user.events.all())
""", [6, 8, 8]),
    ("""
from sqlmodel import Session, select
from api.models import Hero

def view(session: Session):
    heroes = session.exec(select(Hero)).all()
    return [h.team.name for h in heroes]
""", [6]),
    # Peewee FK and backref; Tortoise awaited relation
    ("""
from pw.models import Tweet, User

def view():
    for tweet in Tweet.select().where(Tweet.message != ""):
        print(tweet.user.username)
    for user in User.select():
        print([t.message for t in user.tweets])
""", [5, 7]),
    ("""
from tt.models import Order

async def view():
    for order in await Order.filter(id__gt=1):
        customer = await order.customer
""", [5]),
]


@pytest.mark.parametrize("code,expected", POSITIVES)
def test_positives(code, expected):
    assert lines(code) == expected


NEGATIVES = [
    # a Django related manager is not iterable: the loop raises TypeError before any row loads
    """
from shop.models import Category

def view():
    for c in Category.objects.all():
        print([p.category.name for p in c.products])
""",
    # eager loads: select_related (incl. nested), prefetch_related, Prefetch objects
    """
from django.db.models import Prefetch
from shop.models import Order, Product, Tag

def view():
    for item in Order.objects.select_related("customer").prefetch_related("items__product"):
        print(item.customer.email, [i.product.name for i in item.items.all()], item.items.count())
    for p in Product.objects.prefetch_related(Prefetch("tags", queryset=Tag.objects.all())):
        print(p.tags.all())
    for p in Product.objects.select_related():
        print(p.category.name)
""",
    # FK id columns, plain columns, values()/values_list(), literal loops
    """
from shop.models import Product

def view():
    for p in Product.objects.all():
        print(p.category_id, p.name, p.price)
    for row in Product.objects.values("category__name"):
        print(row["category__name"])
    for name, cat in Product.objects.values_list("name", "category"):
        print(cat)
    for x in [1, 2, 3]:
        print(x)
""",
    # objects not from a query; unknown models; one instance outside a loop
    """
from shop.models import Product

def view(products, request):
    for p in products:
        print(p.category.name)
    product = Product.objects.get(pk=1)
    print(product.category.name)
    for i in range(3):
        print(product.category.name)
""",
    # custom queryset methods may eager-load: unknown, not guessed
    """
from shop.models import Product

def view():
    for p in Product.objects.with_category():
        print(p.category.name)
""",
    # SQLAlchemy eager options, lazy="joined"/"selectin" relationships, Load, wildcard
    """
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload, Load, raiseload
from blog.models import Post, User

def view(session):
    for post in session.scalars(select(Post).options(joinedload(Post.author).selectinload(User.posts))):
        print(post.author.email, post.comments, post.author.posts)
    for user in session.scalars(select(User)):
        print(user.settings)
    for user in session.scalars(select(User).options(Load(User).selectinload(User.posts))):
        print(user.posts)
    for user in session.scalars(select(User).options(selectinload("*"))):
        print(user.posts)
    for user in session.scalars(select(User).options(raiseload(User.posts))):
        print(user.posts)
""",
    # rows of columns, not models
    """
from sqlalchemy import select
from blog.models import Post

def view(session):
    for title, author_id in session.execute(select(Post.title, Post.author_id)):
        print(title)
    for post in session.execute(select(Post)):
        print(post.author)
""",
    # Peewee joins; Tortoise prefetch_related
    """
from pw.models import Tweet, User
from tt.models import Order

def view():
    for tweet in Tweet.select(Tweet, User).join(User):
        print(tweet.user.username)

async def tview():
    for order in await Order.all().prefetch_related("customer"):
        print(order.customer.name)
""",
]


@pytest.mark.parametrize("code", NEGATIVES)
def test_negatives(code):
    assert lines(code) == []


def test_message_names_relation_model_loop_and_call():
    (message,) = messages("""
from shop.models import Product

def view():
    for p in Product.objects.all():
        print(p.category.name)
""")
    assert "Product.category" in message and "ForeignKey to Category" in message
    assert "`for p in Product.objects.all()` loop (line 4)" in message
    assert '.select_related("category")' in message


def test_helper_finding_points_at_the_helper_query():
    (finding,) = lint_source("""
from shop.models import Product

def label(product):
    return product.category.name

def view():
    return [label(p) for p in Product.objects.all()]
""", LazyLoadInLoop, path="app/views.py", files=ALL)
    assert finding.span.line == 7 and finding.related[0].span.line == 4


def test_fix_django_adds_and_merges():
    assert fixed("""
from shop.models import Order

def view():
    qs = Order.objects.filter(status="new").select_related("customer")
    for order in qs:
        print(order.customer.email, [i.product for i in order.items.all()])
""") == """
from shop.models import Order

def view():
    qs = Order.objects.prefetch_related("items__product").filter(status="new").select_related("customer")
    for order in qs:
        print(order.customer.email, [i.product for i in order.items.all()])
""".lstrip("\n")


def test_fix_django_merges_into_existing_call():
    assert fixed("""
from shop.models import Product

def view():
    for p in Product.objects.select_related("editor").all():
        print(p.category.name, p.editor)
""") == """
from shop.models import Product

def view():
    for p in Product.objects.select_related("editor", "category").all():
        print(p.category.name, p.editor)
""".lstrip("\n")


def test_fix_sqlalchemy_options_and_import():
    assert fixed("""
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from blog.models import Post, User

def view(session):
    posts = session.scalars(select(Post).options(joinedload(Post.comments))).all()
    users = session.query(User).filter(User.id > 10).all()
    return [p.author.email for p in posts] + [len(u.posts) for u in users]
""") == """
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from blog.models import Post, User

def view(session):
    posts = session.scalars(select(Post).options(joinedload(Post.comments), joinedload(Post.author))).all()
    users = session.query(User).options(selectinload(User.posts)).filter(User.id > 10).all()
    return [p.author.email for p in posts] + [len(u.posts) for u in users]
""".lstrip("\n")


def test_many_to_one_to_rows_already_in_the_session_is_not_a_query():
    code = """
from sqlalchemy import select
from blog.models import Post, User

def view(session, ids):
    posts = session.scalars(select(Post)).all()
    authors = session.scalars(select(User).where(User.id.in_({p.author_id for p in posts}))).all()
    return [p.author.email for p in posts]
"""
    assert lines(code) == []
    assert lines(code.replace("User.id.in_({p.author_id for p in posts})", "User.email != ''")) == [7]


def test_no_fix_when_query_is_built_elsewhere_or_requeried():
    findings = lint_source("""
from shop.models import Product

def published():
    return Product.objects.all()

def view():
    for p in published():
        print(p.category)
    for p in Product.objects.prefetch_related("tags"):
        print(p.tags.filter(label="x"))
""", LazyLoadInLoop, path="app/views.py", files=ALL)
    assert len(findings) == 2 and all(f.fix is None for f in findings)


def test_manager_calls_a_prefetch_does_not_serve_get_advice_but_no_fix():
    code = """
from shop.models import Product

def view():
    for product in Product.objects.all():
        print(product.tags.filter(label="new").exists(), product.tags.aggregate(n=1), list(product.tags.iterator()))
"""
    found = lint_source(code, LazyLoadInLoop, path="app/views.py", files=ALL)
    assert len(found) == 1 and found[0].fix is None
    assert 'Prefetch("tags", queryset=..., to_attr=...)' in found[0].message
    aggregate = code.replace('product.tags.filter(label="new").exists(), ', "")
    found = lint_source(aggregate, LazyLoadInLoop, path="app/views.py", files=ALL)
    assert found[0].fix is None and ".annotate(" in found[0].message
    iterator = code.replace('product.tags.filter(label="new").exists(), product.tags.aggregate(n=1), ', "")
    found = lint_source(iterator, LazyLoadInLoop, path="app/views.py", files=ALL)
    assert found[0].fix is None and "skips the prefetch cache" in found[0].message
    plain = code.replace('product.tags.filter(label="new").exists(), product.tags.aggregate(n=1), '
                         'list(product.tags.iterator())', "list(product.tags.all())")
    assert lint_source(plain, LazyLoadInLoop, path="app/views.py", files=ALL)[0].fix is not None


def test_exception_handlers_and_assigned_relations_are_not_per_row_loads():
    code = """
from shop.models import Category, Product

def view(category):
    for product in Product.objects.all():
        try:
            print(product.name)
        except ValueError:
            print(product.category.name)
        product.category = category
        print(product.category.name)
"""
    assert lines(code) == []
    assert lines(code.replace("        product.category = category\n", "")) == [9]


STAR_PEEWEE = {"blog/models.py": """
from peewee import *

db = SqliteDatabase("blog.db")

class BaseModel(Model):
    class Meta:
        database = db

class User(BaseModel):
    username = CharField()

class Tweet(BaseModel):
    user = ForeignKeyField(User, backref="tweets")
    content = TextField()
"""}


def test_n_plus_one_over_peewee_models_written_with_a_star_import():
    code = """
from blog.models import Tweet, User

def timeline():
    return [f"{t.user.username}: {t.content}" for t in Tweet.select()]

def counts():
    return {u.username: u.tweets.count() for u in User.select()}

def joined():
    return [t.user.username for t in Tweet.select(Tweet, User).join(User)]
"""
    found = lint_source(code, LazyLoadInLoop, path="blog/views.py", files=STAR_PEEWEE)
    assert sorted((f.span.line, f.code) for f in found) == [(4, "ORM101"), (7, "ORM101")]
    assert "`t.user`" in found[0].message and "ForeignKeyField to User" in found[0].message


def test_relationships_of_an_imperatively_mapped_class():
    """A relationship given in ``map_imperatively(..., properties={...})`` loads lazily like a declared one."""
    code = """
from sqlalchemy.orm import selectinload
from shop.models import User

def emails(session):
    for user in session.query(User).all():
        print([a.id for a in user.addresses])
"""
    found = lint_source(code, LazyLoadInLoop, path="app/views.py", files={"shop/models.py": IMPERATIVE})
    assert [f.span.line for f in found] == [6] and "User.addresses" in found[0].message
    eager = code.replace("session.query(User)", "session.query(User).options(selectinload(User.addresses))")
    assert lint_source(eager, LazyLoadInLoop, path="app/views.py", files={"shop/models.py": IMPERATIVE}) == []


def test_a_second_loop_over_the_same_evaluated_rows_reads_what_the_first_loaded():
    """Iterating a queryset fills its result cache; a forward key read on each instance stays cached on it.
    A second loop over the same queryset gets the same instances: only the first loop's read queries."""
    code = """
from shop.models import Product

def view():
    products = Product.objects.filter(price__gt=0)
    for p in products:
        print(p.category.name)
    return [p.category.name for p in products]
"""
    assert lines(code) == [6]
    # hard negatives: a new queryset per loop, a first loop that may stop early, update() emptying the cache
    assert lines(code.replace("for p in products:", "for p in products.all():")) == [6, 7]
    assert lines(code.replace("print(p.category.name)", "print(p.category.name)\n        if p.price > 9:\n"
                              "            break")) == [6, 9]
    assert lines(code.replace("    return", "    products.update(price=1)\n    return")) == [6, 8]
    # a relation the first loop did not read still loads per row in the second
    assert lines(code.replace("return [p.category.name", "return [p.tags.count()")) == [6, 7]


def test_rows_of_a_related_manager_come_from_its_all_not_the_manager():
    code = """
from shop.models import Category

def view():
    for c in Category.objects.all():
        print([p.tags.count() for p in c.products], [p.tags.count() for p in c.products.all()])
"""
    found = messages(code)
    assert len(found) == 2 and not any("for p in c.products`" in m for m in found)


def test_a_related_queryset_combined_with_or_runs_no_query_in_the_loop():
    """``products |= category.products.all()`` (or ``a | b``, ``a & b``) builds one queryset, which runs once,
    after the loop; a related queryset evaluated in the loop (``list(...)``) still counts."""
    code = """
from shop.models import Category, Product

def gather():
    products = Product.objects.none()
    for category in Category.objects.all():
        products |= category.products.all()
    both = Product.objects.none()
    for category in Category.objects.all():
        both = both | category.products.filter(price__gt=0)
    for category in Category.objects.all():
        print(list(category.products.all()))
    return products, both
"""
    assert lines(code) == [11]


BACKREF_MODELS = {"shop/models.py": """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()

    class Order(db.Model):
        __tablename__ = "orders"
        id = db.Column(db.Integer, primary_key=True)
        lines = db.relationship("OrderLine", backref="order")

    class Ticket(db.Model):
        __tablename__ = "tickets"
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String)
        lines = db.relationship("OrderLine", backref="ticket")

    class OrderLine(db.Model):
        __tablename__ = "order_lines"
        order_id = db.Column(db.Integer, db.ForeignKey("orders.id"), primary_key=True)
        ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id"), primary_key=True)
"""}


def test_a_many_to_one_backref_whose_key_the_query_fixed_is_served_by_the_identity_map():
    """``OrderLine.order`` is a backref Order declares; its key is OrderLine's ``order_id`` column (the
    ForeignKey to Order's table). Rows selected with ``order_id=order.id`` share that one parent: the
    session's identity map serves it. The other backref, ``ticket``, loads once per distinct ticket."""
    findings = lint_source("""
        from shop.models import OrderLine

        def invoice(order):
            lines = OrderLine.query.filter_by(order_id=order.id).all()
            for line in lines:
                print(line.order.id, line.ticket.name)
    """, LazyLoadInLoop, path="shop/invoices.py", files=BACKREF_MODELS)
    assert [f.line for f in findings] == [6]
    assert "line.ticket" in findings[0].message and "distinct Ticket" in findings[0].message


def test_a_relation_read_only_when_its_key_column_is_empty_loads_nothing():
    """``item.order_id or item.order.pk``: the relation is read only when the key is empty, and an empty
    forward key reads None without a query; read first, or after ``and``, it loads."""
    code = """
from shop.models import OrderItem

def keys(rows):
    out = []
    for item in OrderItem.objects.all():
        out.append(item.order_id or item.order.pk)
        out.append(getattr(item, "product_id", None) or (item.product and item.product.pk))
        out.append(item.order_id and item.order.status)
    return out
"""
    found = lint_source(code, LazyLoadInLoop, path="app/keys.py", files=DJANGO)
    assert [(f.span.line, f.span.column) for f in found] == [(8, 38)]


def test_rows_of_iterator_are_advised_a_chunk_size_with_their_prefetch():
    """Django prefetches ``iterator()`` rows per chunk, and only with a ``chunk_size`` (Django 5 refuses the
    prefetch without one): the advice says so, and no fix is written into the chain."""
    code = """
from shop.models import Product

def tags():
    for product in Product.objects.filter(price__gt=0).iterator():
        print([t.label for t in product.tags.all()])
    for product in Product.objects.filter(price__gt=0).iterator():
        print(product.category.name)
"""
    found = lint_source(code, LazyLoadInLoop, path="app/tags.py", files=DJANGO)
    assert len(found) == 2 and all(f.fix is None for f in found)
    assert 'add `.prefetch_related("tags")` to the query and pass `chunk_size` to `.iterator()`' in found[0].message
    assert 'add `.select_related("category")` to the query' in found[1].message


def test_a_queryset_runs_its_own_class_method_not_the_managers_namesake():
    """``Path.objects.all().common()`` runs the QuerySet's ``common()`` (which eager-loads), not the manager's
    method of the same name that hands on to it; ``Path.objects.active()`` runs the manager's, which only
    filters: its rows still load their owner one by one."""
    models = {"app/models.py": """
        from django.db import models

        class Owner(models.Model):
            name = models.CharField(max_length=10)

        class PathQuerySet(models.QuerySet):
            def common(self):
                return self.select_related("owner")

            def active(self):
                return self.filter(deleted=False)

        class PathManager(models.Manager):
            def get_queryset(self):
                return PathQuerySet(self.model, using=self._db).order_by("pk")

            def common(self):
                return self.get_queryset().common_select()

            def active(self):
                return self.get_queryset().active()

        class Path(models.Model):
            owner = models.ForeignKey(Owner, on_delete=models.CASCADE)
            deleted = models.BooleanField(default=False)
            objects = PathManager()
    """}
    code = """
from app.models import Path

def names(query):
    matches = Path.objects.active().filter(name__contains=query)
    matches = matches.common()
    first = [m.owner.name for m in matches[:10]]
    second = [m.owner.name for m in Path.objects.all().common()]
    return first + second + [m.owner.name for m in Path.objects.active()]
"""
    found = lint_source(code, LazyLoadInLoop, path="app/views.py", files=models)
    assert [(f.span.line, f.span.column) for f in found] == [(8, 30)]


def test_rows_of_a_manager_that_eager_loads_in_its_get_queryset_carry_what_it_loads():
    """``objects = GDDManager()`` whose ``get_queryset()`` returns ``super().get_queryset().select_related("owner")``:
    every row of ``Path.objects`` comes with its owner; a relation it does not name still loads per row, and a
    manager loading what it does not write out (``prefetch_related(*EAGER)``) leaves every relation unknown."""
    models = {"app/models.py": """
        from django.db import models

        class Owner(models.Model):
            name = models.CharField(max_length=10)

        class PathManager(models.Manager):
            def get_queryset(self):
                return super().get_queryset().select_related("owner").filter(deleted=False)

        class Path(models.Model):
            owner = models.ForeignKey(Owner, on_delete=models.CASCADE)
            editor = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="edited")
            deleted = models.BooleanField(default=False)
            objects = PathManager()
    """}
    code = """
from app.models import Path

def names():
    return [(p.owner.name, p.editor.name) for p in Path.objects.all()]
"""
    found = lint_source(code, LazyLoadInLoop, path="app/views.py", files=models)
    assert [(f.span.line, f.span.column) for f in found] == [(4, 28)] and "Path.editor" in found[0].message
    unknown = {"app/models.py": models["app/models.py"].replace('select_related("owner")', "select_related(*EAGER)")}
    assert lint_source(code, LazyLoadInLoop, path="app/views.py", files=unknown) == []


def test_a_count_per_row_is_advised_as_an_annotation():
    """``c.products.count()`` per row: one grouped count (``annotate`` with ``Count``) answers it for every
    row; a prefetch also serves ``count()`` but loads every child row to count them."""
    code = """
from shop.models import Category

def counts():
    return [c.products.count() for c in Category.objects.all()]

def rows():
    return [list(c.products.all()) for c in Category.objects.all()]
"""
    first, second = messages(code)
    assert 'count them for all rows at once with `.annotate(n=Count("products"))` on the query and read `n`' in first
    assert second.endswith('add `.prefetch_related("products")` to the query')


def test_rows_behind_a_progress_bar_are_the_querys_rows():
    """``tqdm(rows)`` and rich's ``track(rows)`` hand back what they wrap: the rows keep their model and what
    the query eager-loads."""
    code = """
from rich.progress import track
from tqdm import tqdm
from shop.models import Product

def report():
    for p in tqdm(Product.objects.all()):
        print(p.category.name)
    for p in track(sequence=Product.objects.filter(price=1), description="..."):
        print(p.category.name)
    for p in tqdm(Product.objects.select_related("category")):
        print(p.category.name)
"""
    assert lines(code) == [7, 9]


def test_a_relation_of_an_object_the_loop_does_not_change_is_the_same_object_every_iteration():
    """``category = product.category`` inside a loop over other rows: Django keeps the related object on
    ``product`` after its first read, so its products are queried for that one category, not per row of
    the loop (a query the loop repeats is not an N+1 a prefetch on the loop's query fixes); the same read
    on the loop's own row is per row."""
    code = """
from shop.models import Product

def siblings(product: Product):
    found = []
    for other in Product.objects.filter(price=1):
        category = product.category
        found.append(category.products.filter(price=2).exists())
    for other in Product.objects.filter(price=1):
        category = other.category
        found.append(category.products.filter(price=2).exists())
    return found
"""
    assert lines(code) == [9, 10]


def test_a_related_queryset_handed_to_union_runs_no_query_in_the_loop():
    """``found = found.union(shelf.active_books)`` with a property returning ``self.books.filter(...)``: the
    union is one query, run after the loop; the same property iterated in the loop runs per row."""
    files = {"lib/models.py": """
        from django.db import models

        class Shelf(models.Model):
            name = models.CharField(max_length=50)

            @property
            def active_books(self):
                return self.books.filter(active=True)

        class Book(models.Model):
            shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE, related_name="books")
            active = models.BooleanField(default=True)
    """}
    code = """
from lib.models import Book, Shelf

def gather():
    found = Book.objects.none()
    for shelf in Shelf.objects.all():
        found = found.union(shelf.active_books, all=False)
        found = found.union(shelf.books.all())
    for shelf in Shelf.objects.all():
        print(list(shelf.active_books))
    return found
"""
    assert [f.span.line for f in lint_source(code, LazyLoadInLoop, path="lib/views.py", files=files)] == [9]


def test_a_count_over_a_default_reverse_accessor_names_its_query_lookup():
    """``project.task_set.count()``: the accessor is ``task_set``, the lookup ``Count("task")`` (Django raises
    ``FieldError`` for ``Count("task_set")``)."""
    files = {"app/models.py": """
        from django.db import models

        class Project(models.Model):
            name = models.CharField(max_length=10)

        class Task(models.Model):
            project = models.ForeignKey(Project, on_delete=models.CASCADE)
    """}
    code = """
from app.models import Project

def counts():
    return [p.task_set.count() for p in Project.objects.all()]
"""
    [found] = lint_source(code, LazyLoadInLoop, path="app/views.py", files=files)
    assert '`.annotate(n=Count("task"))`' in found.message and '`.prefetch_related("task_set")`' in found.message


SPREAD_LOOKUPS = """
from django.db.models import prefetch_related_objects
from shop.models import Order

LOOKUPS = ["items__product"]

def receipt(pk):
    order = Order.objects.get(pk=pk)
    prefetch_related_objects([order], *LOOKUPS)
    return [item.product.name for item in order.items.all()]

def receipts():
    return [[item.product.name for item in order.items.all()] for order in Order.objects.prefetch_related(*LOOKUPS)]
"""


def test_lookups_spread_from_a_module_list_are_loaded():
    # prefetch_related_objects([order], *LOOKUPS) and prefetch_related(*LOOKUPS): the list names the paths
    assert lines(SPREAD_LOOKUPS) == []
    # a list that leaves the product out: each item's product still loads per item, in both functions
    assert lines(SPREAD_LOOKUPS.replace('["items__product"]', '["items"]')) == [9, 12]


def test_advice_names_every_relation_the_loop_loads_on_the_same_rows():
    """Each lazy load is its own finding, a chain read in one expression one finding for all its hops; when the
    loop loads several relations on rows of one query, each finding also names the one loader call that loads
    them all (a path another extends is left out)."""
    found = messages("""
from shop.models import OrderItem, Product

def view():
    for item in OrderItem.objects.filter(quantity__gt=1):
        print(item.product.category.name, item.order.status)
    for p in Product.objects.all():
        print(p.category.name)
""")
    together = '`.select_related("order", "product__category")` loads them all'
    assert len(found) == 3
    assert all(together in m for m in found[:2])
    assert "OrderItem.product (ForeignKey to Product) and then Product.category" in found[0]
    assert 'add `.select_related("product__category")` to the query' in found[0]
    assert "loads them all" not in found[2]  # one relation of its rows: its own advice says it all


def test_rows_of_another_modules_query_holding_the_key_to_one_value_share_that_object():
    """A function of another module returns rows filtered on ``Item.account_id == account.id``: every row's
    ``account`` is the same Account, which SQLAlchemy's identity map serves after one load at most. Rows filtered
    on another column still load theirs once per distinct account."""
    files = {
        "app/models.py": """
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()

            class Account(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                name = db.Column(db.String(32))

            class Item(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                name = db.Column(db.String(32))
                account_id = db.Column(db.Integer, db.ForeignKey("account.id"))
                account = db.relationship("Account")
        """,
        "app/store.py": """
            from app.models import Item

            def items_of(account):
                result = Item.query.filter(Item.account_id == account.id, Item.name != "").all()
                return result

            def items_named(name):
                return Item.query.filter(Item.name == name).all()
        """,
    }
    found = lint_source("""
        from app.store import items_named, items_of

        def report(account, name):
            out = [item.account.name for item in items_of(account)]
            out += [item.account.name for item in items_named(name)]
            return out
    """, LazyLoadInLoop, path="app/watch.py", files=files)
    assert [f.line for f in found] == [5]
    assert "once per distinct Account" in found[0].message


def test_a_related_queryset_written_per_row_is_no_lazy_load():
    """``order.items.all().delete()`` per row is a DELETE per row (ORM102's): no prefetch serves a write
    (ynr's orphan posts, open-forms' metadata cleanup); reading the same relation still loads it per row."""
    assert lines("""
        from shop.models import Order

        def purge():
            for order in Order.objects.all():
                order.items.all().delete()
                order.items.filter(product__isnull=True).update(order=None)
    """) == []
    assert lines("""
        from shop.models import Order

        def totals():
            for order in Order.objects.all():
                print(order.items.all().count())
    """) == [5]


def test_rows_a_class_keeps_on_self_are_iterated_as_their_query_loads_them():
    """``self.items = OrderItem.objects.filter(...)`` bound once (in ``__init__``, or as a class attribute):
    ``for item in self.items`` reads ``item.product`` per row unless that query eager-loads it. An attribute
    bound twice, or to something else, is not known."""
    code = """
from shop.models import OrderItem

class Report:
    recent = OrderItem.objects.filter(quantity__gt=1)

    def __init__(self, order):
        self.items = OrderItem.objects.filter(order=order)
        self.loaded = OrderItem.objects.filter(order=order).select_related("product")
        self.either = OrderItem.objects.all()
        self.either = []

    def rows(self):
        names = [item.product.name for item in self.items]
        names += [item.product.name for item in self.loaded]
        names += [item.product.name for item in self.recent]
        names += [item.product.name for item in self.either]
        return names
"""
    assert lines(code) == [13, 15]


def test_an_attribute_bound_from_itself_is_not_followed_forever():
    code = """
from shop.models import OrderItem

class Report:
    def __init__(self, order):
        self.items = self.items.filter(order=order)
        self.first = self.second
        self.second = self.first

    def rows(self):
        return [item.product.name for item in self.items] + [i.product.name for i in self.first]
"""
    assert lines(code) == []


MANAGED = {
    "people/models.py": """
        from django.db import models


        class ProfileManager(models.Manager):
            def get_queryset(self):
                return super().get_queryset().defer("bio").select_related("user")


        class Team(models.Model):
            name = models.CharField(max_length=50)

            @property
            def leads(self):
                return Profile.objects.filter(lead_of=self)


        class Profile(models.Model):
            user = models.OneToOneField("auth.User", on_delete=models.CASCADE)
            team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
            lead_of = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
            mentor = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)
            bio = models.TextField()

            objects = ProfileManager()
    """,
}


def test_rows_of_a_related_manager_come_with_what_the_default_manager_loads():
    """Django builds ``team.members`` from the default manager of Profile, whose ``get_queryset()`` does
    ``select_related("user")`` (a ``defer()`` there only chooses columns): ``member.user`` is loaded with every
    row, as are the rows of a property returning ``Profile.objects.filter(...)``; ``member.mentor`` is not
    (a forward relation loads through the base manager, and the members themselves are a query per team)."""
    code = """
from people.models import Team

def roster():
    out = []
    for team in Team.objects.all():
        for member in team.members.all():
            out.append((member.user.email, member.mentor.user.email))
        out += [lead.user.email for lead in team.leads]
    return out
"""
    found = lint_source(code, LazyLoadInLoop, path="people/views.py", files=MANAGED)
    assert [(f.span.line, "mentor" in f.message) for f in found] == [(6, False), (7, True)]  # members per team


def test_deferring_a_related_rows_column_leaves_the_relation_loaded():
    """``defer("author__bio")`` leaves out a column of the author row, not ``author``: ``book.author`` comes with
    the ``select_related``; ``defer("author")`` is another matter."""
    code = """
from shop.models import OrderItem

def names():
    rows = OrderItem.objects.select_related("product").defer("product__price")
    return [item.product.name for item in rows]
"""
    assert lines(code) == []


def test_an_admin_changelist_starts_from_the_models_default_manager():
    """The changelist's rows come from the default manager: what its ``get_queryset()`` loads (``user``) is
    no query per row; another relation (``team``) is."""
    code = """
from django.contrib import admin
from people.models import Profile

@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("email", "team_name")

    def email(self, obj):
        return obj.user.email

    def team_name(self, obj):
        return obj.team.name
"""
    found = lint_source(code, LazyLoadInLoop, path="people/admin.py", files=MANAGED)
    assert [f.span.line for f in found] == [12]


def test_a_manager_method_that_fetches_one_row_hands_out_an_object_not_rows():
    """``Membership.objects.for_user(user)`` whose every return is a ``.get()``/``.first()``: one membership, so
    ``membership.active_subscriptions()`` is that object's method (rows of another model), not a query of
    Membership rows whose ``end_date`` property would run per row."""
    files = {"clubs/models.py": """
        from django.db import models


        class MembershipManager(models.Manager):
            def for_user(self, user):
                found = self.filter(user=user).first()
                if found:
                    return found
                return Membership.objects.get(user=user)


        class Membership(models.Model):
            user = models.ForeignKey("auth.User", on_delete=models.CASCADE)
            objects = MembershipManager()

            @property
            def end_date(self):
                return self.subscriptions.filter(end_date=None).first()

            def active_subscriptions(self):
                return Subscription.objects.filter(membership=self)


        class Subscription(models.Model):
            membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="subscriptions")
            end_date = models.DateField(null=True)
    """}
    code = """
from clubs.models import Membership

def ends(user):
    membership = Membership.objects.for_user(user)
    return [s.end_date for s in membership.active_subscriptions()]

def every_end():
    return [m.end_date for m in Membership.objects.all()]
"""
    found = lint_source(code, LazyLoadInLoop, path="clubs/views.py", files=files)
    assert [f.span.line for f in found] == [8]


def test_select_related_of_a_collection_loads_nothing_and_of_a_foreign_key_loads_it():
    """Django's select_related() follows to-one relations only (a reverse foreign key there raises
    FieldError): the products are not prefetched, so their query is not a re-query of prefetched rows."""
    code = """
from shop.models import Category, Product

def view():
    for c in Category.objects.select_related("products"):
        print(c.products.filter(price__gt=0).count())
    for p in Product.objects.select_related("category"):
        print(p.category.name)
"""
    found = messages(code)
    assert len(found) == 1 and "queries Category.products" in found[0] and "prefetched" not in found[0]


def test_a_member_memoized_in_the_cache_runs_its_query_on_a_miss_only():
    """``cache.get_or_set(key, lambda: self.books.count(), None)``: the count runs once per key, not per read."""
    files = {"library/models.py": """
from django.core.cache import cache
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)

    @property
    def cached_count(self):
        return cache.get_or_set(f"author:{self.pk}", lambda: self.books.count(), None)

    @property
    def live_count(self):
        return self.books.count()


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
"""}
    code = """
from library.models import Author

def view():
    a = [x.cached_count for x in Author.objects.all()]
    b = [x.live_count for x in Author.objects.all()]
"""
    assert [f.span.line for f in lint_source(code, LazyLoadInLoop, path="library/views.py", files=files)] == [5]


def test_a_method_reads_a_relation_only_where_its_call_lets_its_parameters_reach_it():
    """``to_json(public=True)`` of a method reading ``self.books`` only under ``if not api and not public:``: that
    call never loads it; one leaving the flags at their defaults, or passing a variable, does. A relation read
    outside the test still counts."""
    files = {"library/models.py": """
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    agent = models.ForeignKey("Agent", on_delete=models.CASCADE)

    def to_json(self, public=False, api=False):
        output = {"name": self.name}
        if (
            not api
            and not public
        ):
            output["books"] = [b.title for b in self.books.all()]
        return output

    def card(self, full=None):
        if full is None:
            return self.name
        return f"{self.name} ({self.agent.name})"


class Agent(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    title = models.CharField(max_length=100)
"""}
    code = """
from library.models import Author

def view(flag):
    a = [x.to_json(public=True) for x in Author.objects.all()]
    b = [x.to_json(False, True) for x in Author.objects.all()]
    c = [x.to_json() for x in Author.objects.all()]
    d = [x.to_json(public=flag) for x in Author.objects.all()]
    e = [x.card() for x in Author.objects.all()]
    f = [x.card(full=True) for x in Author.objects.all()]
"""
    assert [f.span.line for f in lint_source(code, LazyLoadInLoop, path="library/views.py", files=files)] == [6, 7, 8, 9]


def test_select_related_through_a_one_to_one_caches_the_way_back():
    """``select_related("account__profile")`` follows a reverse one-to-one: Django caches ``profile.account`` too, so
    a property of the profile reading ``self.account`` runs no query; without the profile in the path it does."""
    files = {"clubs/models.py": """
from django.db import models


class Account(models.Model):
    email = models.EmailField()


class Profile(models.Model):
    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField()

    @property
    def is_complete(self):
        return bool(self.bio and self.account.email)


class Member(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE)
"""}
    code = """
from clubs.models import Member

def incomplete():
    a = [m.pk for m in Member.objects.select_related("account", "account__profile") if not m.account.profile.is_complete]
    b = [m.pk for m in Member.objects.select_related("account") if not m.account.profile.bio]
"""
    assert [f.span.line for f in lint_source(code, LazyLoadInLoop, path="clubs/views.py", files=files)] == [5]


def test_rows_of_one_page_load_their_relations_per_row_too():
    """Django's ``Paginator(qs, 25).get_page(n)`` (iterated, or its ``object_list``) and Flask-SQLAlchemy's
    ``query.paginate(...)`` / ``db.paginate(db.select(M))`` (``.items``, or iterated) hand out the query's rows,
    one page of them: a relation read per row loads per row, and the eager load goes on the query. With the
    load on the query, or reading the page's count, nothing is reported."""
    django = lint_source("""
        from django.core.paginator import Paginator
        from shop.models import OrderItem

        def view(request):
            page = Paginator(OrderItem.objects.all(), 25).get_page(request.GET.get("page"))
            for item in page:
                print(item.order.status)
            return [i.product.name for i in page.object_list]

        def eager(request):
            page = Paginator(OrderItem.objects.select_related("order"), 25).page(1)
            print(page.paginator.count)
            return [i.order.status for i in page.object_list]
    """, LazyLoadInLoop, path="shop/views.py", files=DJANGO)
    assert [(f.line, f.message.split("`")[1]) for f in django] == [(7, "item.order"), (8, "i.product")]
    assert 'select_related("order")' in django[0].message
    flask = lint_source("""
        from shop.models import OrderLine, db

        def page_of_lines(n):
            page = OrderLine.query.order_by(OrderLine.order_id).paginate(page=n, per_page=20)
            first = [line.ticket.name for line in page.items]
            pagination = db.paginate(db.select(OrderLine))
            return first + [line.order.id for line in pagination]
    """, LazyLoadInLoop, path="shop/invoices.py", files=BACKREF_MODELS)
    assert [(f.line, f.message.split("`")[1]) for f in flask] == [(5, "line.ticket"), (7, "line.order")]


def test_the_eager_load_for_a_page_goes_on_the_query_the_paginator_is_given():
    out = fixed("""
from django.core.paginator import Paginator
from shop.models import OrderItem

def view(request):
    page = Paginator(OrderItem.objects.filter(quantity__gt=0), 25).get_page(request.GET.get("page"))
    return [i.order.status for i in page]
""")
    assert 'Paginator(OrderItem.objects.select_related("order").filter(quantity__gt=0), 25)' in out


def test_a_project_folder_named_django_holds_the_project_not_django(tmp_path):
    """A monorepo's django/ folder (manage.py, no __init__.py) is the project's: its modules are imported as
    ``shop.models`` there, and its manager's get_queryset() eager-load is the project's, not Django's own."""
    (tmp_path / "django").mkdir()
    (tmp_path / "django" / "manage.py").write_text("")
    models = """
    from django.db import models


    class Blob(models.Model):
        url = models.CharField(max_length=10)


    class Group(models.Model):
        name = models.CharField(max_length=10)


    class ReferenceManager(models.Manager):
        def get_queryset(self):
            return super().get_queryset().select_related("blob")


    class Reference(models.Model):
        blob = models.ForeignKey(Blob, on_delete=models.PROTECT)
        group = models.ForeignKey(Group, related_name="entries", on_delete=models.CASCADE)
        objects = ReferenceManager()
    """
    code = """
    from shop.models import Group, Reference


    def urls(group: Group):
        return [e.blob.url for e in group.entries.all()]


    def names():
        return [r.group.name for r in Reference.objects.all()]
    """
    config = Config(root=str(tmp_path))
    found = lint_source(code, LazyLoadInLoop, path="django/shop/views.py",
                        files={"django/shop/models.py": models}, config=config)
    assert [f.line for f in found] == [9] and found[0].message.startswith("`r.group` lazily loads")


def test_a_collection_named_in_the_singular_is_told_by_its_foreign_key():
    """``face = relationship("Face", backref="officer")`` with ``faces.officer_id``: a collection whatever its
    name, so its elements (iterated, sorted, the first of them) are Face rows whose own lazy relations load per
    row; ``face.officer``, the backref, is the loop's own officer (a many-to-one the identity map holds)."""
    models = """
    from app.db import db

    class Officer(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        face = db.relationship("Face", backref=db.backref("officer"))

    class Image(db.Model):
        __tablename__ = "images"
        id = db.Column(db.Integer, primary_key=True)
        url = db.Column(db.String)

    class Face(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        featured = db.Column(db.Boolean)
        officer_id = db.Column(db.Integer, db.ForeignKey("officer.id"))
        img_id = db.Column(db.Integer, db.ForeignKey("images.id"))
        image = db.relationship("Image")
    """
    code = """
    from sqlalchemy.orm import selectinload
    from app.models import Officer


    def listing(session):
        for officer in session.query(Officer).options(selectinload(Officer.face)):
            faces = sorted(officer.face, key=lambda f: f.featured, reverse=True)
            if faces:
                print(faces[0].image.url)
            for face in officer.face:
                print(face.officer.id)
    """
    found = lint_source(code, LazyLoadInLoop, path="app/views.py", files={"app/models.py": models})
    assert [f.line for f in found] == [9] and found[0].message.startswith("`faces[0].image` lazily loads Face.image")


def test_a_method_extending_the_query_it_is_handed_returns_rows_of_no_known_model():
    """``Voucher.annotate_budget_used(qs)`` returns ``qs.annotate(...)``: the caller's query, whatever model the
    subquery in its arguments names (OrderPosition). Its rows are not that subquery's model's, and the caller's
    own eager loads are not known through it: nothing is reported for them, also when a package re-exports
    the model."""
    files = {
        "shop/models/__init__.py": "from shop.models.vouchers import OrderPosition, Voucher\n",
        "shop/models/vouchers.py": """
        from django.db import models
        from django.db.models import OuterRef, Subquery


        class Item(models.Model):
            name = models.CharField(max_length=10)


        class Voucher(models.Model):
            code = models.CharField(max_length=10)

            @classmethod
            def annotate_budget_used(cls, qs):
                used = OrderPosition.objects.filter(voucher_id=OuterRef("pk")).values("price")
                return qs.annotate(budget_used=Subquery(used))


        class OrderPosition(models.Model):
            voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE)
            item = models.ForeignKey(Item, on_delete=models.CASCADE)
            price = models.IntegerField()
        """,
    }
    code = """
    from shop.models import Voucher


    def export():
        return [(v.code, v.item) for v in Voucher.annotate_budget_used(Voucher.objects.all())]
    """
    assert lint_source(code, LazyLoadInLoop, path="shop/views.py", files=files) == []
