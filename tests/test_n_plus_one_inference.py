"""Where the rows of an N+1 come from in real code (ORM101): models loaded by name, aliased entities,
lists filled with append/extend and grouped in dicts of lists, walks up a self-referencing key.

Each case has its hard negative next to it: the same shape with the relation loaded up front.
"""

from n1_models import DJANGO, SQLALCHEMY
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.rules.queries.query_in_loop import QueryInLoop

from ormlint.testing import fix_source, lint_source

FILES = {**DJANGO, **SQLALCHEMY}

TREE = {
    "docs/models.py": """
        from django.db import models

        class Page(models.Model):
            title = models.CharField(max_length=200)
            parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)
            owner = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    """,
    **DJANGO,
}


def lazy(code, files=FILES, path="app/views.py"):
    return [(f.span.line, f.message) for f in lint_source(code, LazyLoadInLoop, path=path, files=files)]


def lines(found):
    return [line for line, _ in found]


# -- models named by string or by alias ---------------------------------------------------------

def test_a_model_loaded_by_apps_get_model_is_that_model():
    code = """
from django.apps import apps

def report():
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.filter(status="paid"):
        print(order.customer.email)
"""
    assert lines(lazy(code)) == [6]


def test_a_model_loaded_by_apps_get_model_with_its_eager_load_is_quiet():
    code = """
from django.apps import apps

def report():
    Order = apps.get_model("shop.Order")
    for order in Order.objects.select_related("customer"):
        print(order.customer.email)
"""
    assert lines(lazy(code)) == []


def test_an_unknown_label_is_not_guessed():
    code = """
from django.apps import apps

def report(label):
    Order = apps.get_model("shop", label)
    for order in Order.objects.all():
        print(order.customer.email)
"""
    assert lines(lazy(code)) == []


def test_an_aliased_entity_is_its_model():
    code = """
from sqlalchemy import select
from sqlalchemy.orm import aliased
from blog.models import Post

Article = aliased(Post)

def titles(session):
    for post in session.scalars(select(Article)):
        print(post.author.email)
"""
    assert lines(lazy(code)) == [9]


def test_an_aliased_entity_with_its_eager_load_is_quiet():
    code = """
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload
from blog.models import Post

def titles(session):
    article = aliased(Post)
    for post in session.scalars(select(article).options(selectinload(article.author))):
        print(post.author.email)
"""
    assert lines(lazy(code)) == []


# -- lists and groups built by hand -------------------------------------------------------------

def test_rows_appended_to_a_list_keep_their_model():
    code = """
from shop.models import Order

def recent(statuses):
    orders = []
    orders.extend(Order.objects.filter(status="paid"))
    for order in orders:
        print(order.customer.email)
"""
    assert lines(lazy(code)) == [7]


def test_a_list_filled_from_eager_loaded_querysets_only_is_quiet():
    code = """
from shop.models import Order

def recent():
    orders = []
    orders.extend(Order.objects.select_related("customer").filter(status="paid"))
    for order in Order.objects.select_related("customer").filter(status="new"):
        orders.append(order)
    for order in orders:
        print(order.customer.email)
"""
    assert lines(lazy(code)) == []


def test_a_list_filled_from_one_eager_and_one_plain_queryset_is_reported():
    # the plain rows load their customer one by one: what both sources load is what the list holds
    code = """
from shop.models import Order

def recent():
    orders = []
    orders.extend(Order.objects.select_related("customer").filter(status="paid"))
    orders.extend(Order.objects.filter(status="new"))
    for order in orders:
        print(order.customer.email)
"""
    assert lines(lazy(code)) == [8]


def test_a_list_holding_other_things_is_not_guessed():
    code = """
from shop.models import Order

def recent(extra):
    orders = []
    orders.extend(Order.objects.filter(status="paid"))
    orders.append(extra)
    for order in orders:
        print(order.customer.email)
"""
    assert lines(lazy(code)) == []


def test_rows_grouped_in_a_defaultdict_of_lists_keep_their_model():
    code = """
from collections import defaultdict
from shop.models import OrderItem

def by_order():
    groups = defaultdict(list)
    for item in OrderItem.objects.filter(quantity__gt=0):
        groups[item.order_id].append(item)
    for order_id, items in groups.items():
        for item in items:
            print(item.product.name)
"""
    assert lines(lazy(code)) == [10]


def test_a_group_taken_from_a_dict_of_lists_is_a_list_not_a_query():
    """``groups.get(key)`` of rows grouped before the loop is one list of rows already fetched: testing it
    (``if items:``) runs no query; the rows' relations read in the loop still load, one per row."""
    code = """
from collections import defaultdict
from shop.models import OrderItem

def match(orders):
    groups = defaultdict(list)
    for item in OrderItem.objects.filter(quantity__gt=0):
        groups[(item.order_id, item.quantity)].append(item)
    for order in orders:
        items = groups.get((order.pk, 1))
        if items:
            print(len(items))
        for item in groups.get(order.pk, []):
            print(item.product.name)
"""
    found = lint_source(code, [LazyLoadInLoop, QueryInLoop], path="app/views.py", files=FILES)
    assert [(f.span.line, f.code) for f in found] == [(13, "ORM101")]


def test_grouped_rows_with_their_eager_load_are_quiet():
    code = """
from collections import defaultdict
from shop.models import OrderItem

def by_order():
    groups = {}
    for item in OrderItem.objects.select_related("product"):
        groups.setdefault(item.order_id, []).append(item)
    for items in groups.values():
        for item in items:
            print(item.product.name)
"""
    assert lines(lazy(code)) == []


def test_rows_grouped_by_itertools_groupby_keep_their_model_and_its_key_runs_per_row():
    code = """
import itertools
from shop.models import OrderItem

def by_order():
    rows = OrderItem.objects.order_by("order__customer")
    for customer, items in itertools.groupby(rows, lambda i: i.order.customer):
        names = [item.product.name for item in items]
"""
    assert lines(lazy(code)) == [6, 7]  # order.customer, one chain (in the key), product (in each group)


def test_groupby_over_rows_with_their_eager_load_is_quiet():
    code = """
from itertools import groupby
from shop.models import OrderItem

def by_order():
    rows = OrderItem.objects.select_related("order__customer", "product")
    for customer, items in groupby(rows, key=lambda i: i.order.customer):
        names = [item.product.name for item in items]
"""
    assert lines(lazy(code)) == []


# -- walking up a self-referencing key ----------------------------------------------------------

def test_a_walk_up_a_self_referencing_key_is_one_query_per_level():
    code = """
from docs.models import Page

def breadcrumbs(page_id):
    node = Page.objects.get(pk=page_id)
    trail = []
    while node.parent_id:
        node = node.parent
        trail.append(node.title)
    return trail
"""
    found = lazy(code, files=TREE)
    assert lines(found) == [7]
    assert "recursive CTE" in found[0][1]


def test_a_walk_through_rows_loaded_up_front_is_quiet():
    code = """
from docs.models import Page

def breadcrumbs(page):
    by_id = {p.pk: p for p in Page.objects.only("id", "title", "parent_id")}
    node = page
    trail = []
    while node.parent_id:
        node = by_id[node.parent_id]
        trail.append(node.title)
    return trail
"""
    assert lines(lazy(code, files=TREE)) == []


def test_reading_another_relation_once_before_a_loop_is_not_a_walk():
    code = """
from docs.models import Page

def owner_email(page_id):
    node = Page.objects.get(pk=page_id)
    retries = 3
    while retries:
        retries -= 1
        owner = node.owner
    return owner.email
"""
    assert lines(lazy(code, files=TREE)) == []


# -- columns the query leaves out ---------------------------------------------------------------

COLUMNS = {
    "news/models.py": """
        from django.db import models

        class Article(models.Model):
            title = models.CharField(max_length=200)
            body = models.TextField()
            author = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    """,
    "app/models.py": """
        from sqlalchemy import Text
        from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]
            bio: Mapped[str] = mapped_column(Text)
            notes: Mapped[str] = deferred(mapped_column(Text))
            posts: Mapped[list["Post"]] = relationship()

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str]
    """,
    **DJANGO,
}


def test_a_column_left_out_by_only_or_defer_is_read_with_a_query_per_row():
    code = """
from news.models import Article

def teasers():
    first = [a.body for a in Article.objects.only("title")]
    second = [a.body for a in Article.objects.defer("body").filter(title="x")]
    third = [a.title for a in Article.objects.only("title", "body").defer("title")]
    return first, second, third
"""
    found = lazy(code, files=COLUMNS)
    assert lines(found) == [4, 5, 6]
    assert 'leaves it out with `only()`' in found[0][1] and 'add "body" to `.only(...)`' in found[0][1]
    assert 'take "body" out of `.defer(...)`' in found[1][1]


def test_columns_the_query_loads_are_quiet():
    code = """
from news.models import Article

def teasers(fields):
    first = [(a.pk, a.id, a.title, a.author_id) for a in Article.objects.only("title", "author")]
    second = [a.title for a in Article.objects.defer("body")]
    third = [a.body for a in Article.objects.only(*fields)]
    one = Article.objects.only("title").get(pk=1)
    for a in Article.objects.only("title"):
        a.body = "replaced"
    return first, second, third, one.body
"""
    assert lines(lazy(code, files=COLUMNS)) == []


def test_sqlalchemy_load_only_defer_and_model_deferred_columns():
    code = """
from sqlalchemy import select
from sqlalchemy.orm import Session, defer, load_only
from app.models import User

def directory(session: Session):
    first = [u.bio for u in session.scalars(select(User).options(load_only(User.name)))]
    second = [u.bio for u in session.scalars(select(User).options(defer(User.bio)))]
    third = [u.notes for u in session.scalars(select(User))]
    return first, second, third
"""
    found = lazy(code, files=COLUMNS)
    assert lines(found) == [6, 7, 8]
    assert "add `User.bio` to `load_only(...)`" in found[0][1]
    assert "the model defers it" in found[2][1] and "undefer(User.notes)" in found[2][1]


def test_sqlalchemy_columns_loaded_or_raising_are_quiet():
    code = """
from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload, undefer
from app.models import User, Post

def directory(session: Session):
    first = [u.notes for u in session.scalars(select(User).options(undefer(User.notes)))]
    second = [u.bio for u in session.scalars(select(User).options(defer(User.bio, raiseload=True)))]
    third = [u.bio for u in session.scalars(select(User).options(selectinload(User.posts).load_only(Post.title)))]
    fourth = [(u.id, u.name) for u in session.scalars(select(User).options(defer(User.bio)))]
    return first, second, third, fourth
"""
    assert lines(lazy(code, files=COLUMNS)) == []


# -- model_to_dict() --------------------------------------------------------------------------

def test_model_to_dict_per_row_reads_each_many_to_many_field():
    code = """
from django.forms.models import model_to_dict
from shop.models import Product

def export():
    return [model_to_dict(p, exclude=["name"]) for p in Product.objects.all()]
"""
    found = lazy(code)
    assert lines(found) == [5]
    assert "model_to_dict(), which queries Product.tags" in found[0][1]


def test_model_to_dict_of_plain_fields_or_prefetched_rows_is_quiet():
    # a foreign key's value is its key column; fields/exclude leave the m2m out; a prefetch serves .all()
    code = """
from django.forms import model_to_dict
from shop.models import Product

def export(wanted):
    first = [model_to_dict(p, fields=["name", "category"]) for p in Product.objects.all()]
    second = [model_to_dict(p, exclude=("tags",)) for p in Product.objects.all()]
    third = [model_to_dict(p) for p in Product.objects.prefetch_related("tags")]
    fourth = [model_to_dict(p, fields=wanted) for p in Product.objects.all()]
    return first, second, third, fourth
"""
    assert lines(lazy(code)) == []


def test_model_to_dict_fix_prefetches_the_many_to_many_field():
    code = """
from django.forms.models import model_to_dict
from shop.models import Product

def export():
    return [model_to_dict(p) for p in Product.objects.filter(price__gt=0)]
"""
    out = fix_source(code, LazyLoadInLoop, path="app/views.py", files=FILES)
    assert 'Product.objects.prefetch_related("tags").filter(price__gt=0)' in out
    compile(out, "views.py", "exec")
    assert fix_source(out, LazyLoadInLoop, path="app/views.py", files=FILES) == out
    assert lazy(out) == []


def test_a_left_out_column_read_in_a_helper_is_reported_at_the_call_in_the_loop():
    code = """
from news.models import Article

def teaser(article):
    return article.body[:100]

def teasers():
    return [teaser(a) for a in Article.objects.only("title")]
"""
    found = lazy(code, files=COLUMNS)
    assert lines(found) == [7]
    assert "`teaser()` in the loop: `article.body` loads the column Article.body" in found[0][1]


def test_a_query_of_no_rows_in_one_branch_does_not_hide_the_eager_load_of_the_other():
    # ``none()`` has no rows: what the rows carry is what the real query of the other branch loads
    code = """
from shop.models import Order

def search(query):
    orders = Order.objects.none()
    if len(query) >= 3:
        orders = Order.objects.filter(status=query).select_related("customer")
    return [o.customer.email for o in orders]

def search_plain(query):
    orders = Order.objects.none()
    if len(query) >= 3:
        orders = Order.objects.filter(status=query)
    return [o.customer.email for o in orders]
"""
    assert lines(lazy(code)) == [13]


# -- what an assignment's target reads, lists extended with a query, rows of several entities ------------------

def test_a_relation_read_in_an_assignment_target_loads_per_row():
    code = """
from collections import Counter
from shop.models import OrderItem

def tally():
    counts, names = Counter(), {}
    for item in OrderItem.objects.all():
        counts[item.product.name] += 1
        names[item.order.customer.email] = item.pk
    return counts, names
"""
    assert lines(lazy(code)) == [7, 8]
    loaded = code.replace("OrderItem.objects.all()", 'OrderItem.objects.select_related("product", "order__customer")')
    assert lazy(loaded) == []
    keyed = code.replace("item.product.name", "item.product_id").replace("item.order.customer.email", "item.order_id")
    assert lazy(keyed) == []


def test_a_list_extended_with_a_query_per_row_runs_it():
    code = """
from shop.models import Category, Product

def products(ids):
    found = []
    for category in Category.objects.filter(pk__in=ids):
        found.extend(Product.objects.filter(category=category))
    return found
"""
    found = lint_source(code, QueryInLoop, path="app/views.py", files=FILES)
    assert [f.span.line for f in found] == [6]
    assert lint_source(code.replace("found.extend(Product.objects.filter(category=category))",
                                    "found.extend(category.name.split())"), QueryInLoop,
                       path="app/views.py", files=FILES) == []


MULTI_ENTITY = """
from blog.models import Post, User

def titles(session):
    rows = session.query(Post, User).join(User, Post.author_id == User.id).all()
    return [(post.title, user.settings, user.posts[0].title, post.author.email) for post, user in rows]
"""


def test_the_entities_of_a_row_of_several_load_their_own_relations():
    """``session.query(Post, User)``: ``user.posts`` loads per row; ``post.author`` is the row's own User (identity
    map); ``user.settings`` is declared ``lazy="joined"``."""
    found = lazy(MULTI_ENTITY)
    assert lines(found) == [5] and len(found) == 1 and "User.posts" in found[0][1]
    for statement in ("select(Post, User).join(User, Post.author_id == User.id)",):
        as_select = MULTI_ENTITY.replace("session.query(Post, User).join(User, Post.author_id == User.id).all()",
                                         f"session.execute({statement}).all()").replace(
            "from blog.models", "from sqlalchemy import select\nfrom blog.models")
        assert ["User.posts" in message for _, message in lazy(as_select)] == [True]
    with_options = MULTI_ENTITY.replace(".all()", ".options(selectinload(User.posts)).all()")
    assert lazy(with_options) == []  # a loader the query names: which entity it serves is not told apart


def test_a_column_the_model_declares_deferred_loads_per_row():
    files = {"cms/models.py": """
        from sqlalchemy import Text
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Article(Base):
            __tablename__ = "articles"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str]
            body: Mapped[str] = mapped_column(Text, deferred=True)
    """}
    code = """
from sqlalchemy import select
from sqlalchemy.orm import undefer
from cms.models import Article

def search(session, needle):
    return [a.title for a in session.scalars(select(Article)) if needle in a.body]
"""
    assert lines(lazy(code, files=files)) == [6]
    assert lazy(code.replace("select(Article)", "select(Article).options(undefer(Article.body))"), files=files) == []
    assert lazy(code.replace("a.body", "a.title"), files=files) == []


PREFETCHED_LIST = """
from django.db.models import Prefetch
from shop.models import Category, Product

def shelf():
    categories = Category.objects.prefetch_related(
        Prefetch("products", queryset=Product.objects.order_by("name"), to_attr="sorted_products"))
    return [(c.name, p.name, p.editor.email) for c in categories for p in c.sorted_products]
"""


def test_the_rows_of_a_prefetch_to_attr_load_what_its_queryset_does_not():
    found = lazy(PREFETCHED_LIST)
    assert lines(found) == [7] and "Product.editor" in found[0][1]
    loaded = PREFETCHED_LIST.replace('Product.objects.order_by("name")',
                                     'Product.objects.select_related("editor").order_by("name")')
    assert lazy(loaded) == []
    assert lazy(PREFETCHED_LIST.replace("p.editor.email", "p.editor_id")) == []


UNTYPED = """
def item_names(order):
    return [item.product.name for item in order.items.all()]
"""


def test_an_untyped_parameter_named_for_a_django_model_holds_one():
    """``def item_names(order)``: the project has one Django model named Order; its items' products load per row."""
    assert lines(lazy(UNTYPED, files=DJANGO)) == [2]
    assert lazy(UNTYPED.replace("order", "basket"), files=DJANGO) == []  # no model named Basket
    assert lazy("import sqlalchemy\n" + UNTYPED, files=DJANGO) == []  # a module of another ORM: its own objects
    caller = """
from shop.models import Order
from app.views import item_names

def receipt(pk):
    return item_names(Order.objects.prefetch_related("items__product").get(pk=pk))
"""
    assert lazy(UNTYPED, files={**DJANGO, "app/receipts.py": caller}) == []  # every caller prefetches
