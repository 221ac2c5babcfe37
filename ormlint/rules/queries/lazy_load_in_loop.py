"""ORM101 lazy-load-in-loop: a lazily loaded relation read once per loop iteration (N+1)."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.analysis.n_plus_one import analyse
from ormlint.analysis.n_plus_one.queries import (
    PER_ROW_HINTS,
    DeferredRead,
    LazyLoad,
    advice,
    describe,
    eager_fix,
    eager_lookup,
    per_iteration,
    short,
)
from ormlint.api import Example, Related, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.index.parameter_reads import ParameterReadsTable
from ormlint.orms import spec_of

_MODELS = {
    "shop/models.py": '''
        from django.db import models

        class Author(models.Model):
            name = models.CharField(max_length=100)

        class Tag(models.Model):
            label = models.CharField(max_length=50)

        class Book(models.Model):
            author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
            tags = models.ManyToManyField(Tag)
            title = models.CharField(max_length=200)
            summary = models.TextField()
    ''',
    "blog/models.py": '''
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            posts: Mapped[list["Post"]] = relationship(back_populates="author")

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            author: Mapped[User] = relationship(back_populates="posts")
    ''',
    "api/models.py": '''
        from typing import Optional
        from sqlmodel import Field, Relationship, SQLModel

        class Team(SQLModel, table=True):
            id: Optional[int] = Field(default=None, primary_key=True)
            heroes: list["Hero"] = Relationship(back_populates="team")

        class Hero(SQLModel, table=True):
            id: Optional[int] = Field(default=None, primary_key=True)
            team_id: Optional[int] = Field(default=None, foreign_key="team.id")
            team: Optional[Team] = Relationship(back_populates="heroes")
    ''',
    "pw/models.py": '''
        import peewee

        class User(peewee.Model):
            username = peewee.CharField()

        class Tweet(peewee.Model):
            user = peewee.ForeignKeyField(User, backref="tweets")
    ''',
    "tt/models.py": '''
        from tortoise import fields
        from tortoise.models import Model

        class Customer(Model):
            name = fields.CharField(max_length=100)

        class Order(Model):
            customer = fields.ForeignKeyField("models.Customer", related_name="orders")
    ''',
    "garage/models.py": '''
        from pony.orm import *

        db = Database()

        class Person(db.Entity):
            name = Required(str)
            cars = Set("Car")

        class Car(db.Entity):
            make = Required(str)
            owner = Optional(Person)
    ''',
}


class LazyLoadInLoop(Rule):
    """
    ## What it does
    Finds a relation that is loaded lazily once per iteration of a loop or comprehension:
    Django forward `ForeignKey`/`OneToOneField` attributes, reverse `<model>_set`/`related_name`
    managers and many-to-many managers; SQLAlchemy/SQLModel `relationship()` attributes with
    the default `lazy="select"` and `dynamic` collections (declared in the class, or in the
    `properties={...}` of `registry.map_imperatively()`/`mapper()` for a plain class); Peewee foreign keys and backrefs
    (also of `playhouse.signals` models); Tortoise relations awaited or fetched per object;
    Pony `Set` collections counted (`count()`, `is_empty()`) or re-queried (`select()`,
    `filter()`, `order_by()`, `page()`...) per object, `Set(lazy=True)` collections read
    per object and the side of a one-to-one that holds no column. Pony loads other
    relations for every object of the `db_session` at once: a `Required`/`Optional` read
    and a default `Set` iterated per object are left alone. The model of the loop variable is
    inferred from the query that feeds the loop, through chains (custom QuerySet methods
    keep what they do not change; a method called on a queryset is its QuerySet class's, one
    called on the manager the manager's; one each of whose returns fetches one row, `.get()`/`.first()`,
    hands out an object), local variables, rows a class keeps on `self` (an attribute bound once to a
    query), helpers and repository classes of the
    same module, functions and repository methods of other modules that return a query,
    class-based views' `queryset`/`get_queryset()`/`context["object_list"]` (rows of a model whose manager
    eager-loads in its own `get_queryset()`, `super().get_queryset().select_related("owner")`, carry what it
    names, and so do the rows Django builds from that default manager: related managers, the admin
    changelist, queries other functions return; a `defer()`/`only()` there only chooses columns; what it
    loads without naming it leaves every relation unknown), `self` in a
    model's own methods, `instance` in signal receivers and parameters annotated with a model.

    Loops are `for`, `async for`, `while`, comprehensions, `zip(...)`, progress bars around rows
    (`tqdm(rows)`, rich's `track(rows)`, `alive_it(rows)`), one page of rows (Django's `Paginator(qs, 25).get_page(n)`,
    iterated or its `object_list`; Flask-SQLAlchemy's `query.paginate(...)` / `db.paginate(select(M))`, iterated or
    its `items`: the eager load goes on the query the page is cut from), and lambdas given rows
    (`map`, `sorted(key=...)`, `max`/`min`, `itertools.groupby(rows, key)`, whose groups are rows too); reads also count when they happen inside a
    model method or property called per row (`order.total()` reading `self.lines.all()`; not in the default
    of Django's `cache.get_or_set(key, lambda: self.emails.count())`, which runs only when the cache lacks the
    key, nor a read only under tests of the method's own parameters that the call's constants, or the defaults
    it leaves, make false: `to_json(public=True)` of `if not api and not public: ... self.boards`), a
    function of another module handed each row (`package_resource(package)` reading `package.category`:
    the index records what module functions read on their parameters, one hop deep, while they never
    rebind or reload them (`run.refresh_from_db()` drops the relations the caller's query loaded, in a
    function of the loop's own module too); not a related queryset written per row (`post.tags.all().delete()`,
    `.filter(...).update(...)`: a write per row, ORM102's, which no eager load serves); not a read in a branch another parameter decides, nor a related queryset handed to a
    lookup, which is a subquery (also through a name only lookups read: `ids = group.curators.values_list("id")`,
    then `exclude(user__id__in=ids)`, or filtered on the outer query's row, `filter(child=OuterRef("pk"))` for an
    `Exists(...)`); not a function whose one call is a whole job, cached or queued, nor a
    test or fixture), and a function of another module handed the rows themselves that loops over them
    (`export_rows(Package.objects.all(), writer)` running `for package in packages: package.category`: reported
    at the call, the eager load on its query; the index records what such a function reads on each element of
    a parameter it loops over, directly, in a `for` or a comprehension),
    a Pydantic schema built per row (`ArticleOut.model_validate(article)` with a `writer`
    field; also the response model a FastAPI route validates each returned row against,
    `response_model=list[ArticleOut]` or `-> list[ArticleOut]`), a DRF serializer used with `many=True` or by a list view (a viewset the project routes only for
    single objects, `as_view({"get": "retrieve"})` and never by a router, lists nothing; of what its
    `get_serializer_class()` returns, the classes of branches the list action may take: not one for other
    actions, nor for request methods other than `GET`; with no such method, the class a dict of the view maps
    `list` to, `serializer_classes = {"list": LightSerializer}`; the rows of the branches of `get_queryset()` the
    list action may take, an `@action` those of its own) (its own
    `SerializerMethodField` methods and those of its bases in the same module, and their nested
    serializer and `source=` fields (a base's field only when a `Meta.fields` list of the serializer
    names it: DRF lets a subclass list a subset of the fields its bases declare), and the model
    properties and methods its `Meta.fields` names, which ModelSerializer reads per object; a queryset
    reassigned to `.values()` on another path hands on dicts and leaves what the serializer's
    rows eager-load known; a test case, `test_` function or fixture giving it rows is no usage), or a method named in
    an admin `list_display` (also the module's functions it lists, called with each row, the model's own
    methods, properties and `__str__` it names, and `__str__` when an admin derived from Django's
    `ModelAdmin` alone, or from library admins that keep its default column (django-reversion's
    `VersionAdmin`, django-simple-history, django-guardian, django-modeltranslation, django-import-export),
    names none: Django's default column; a relation the columns read is loaded once per row; an admin
    whose `list_per_page` is 20 or less is left alone; the advice names the admin's own setting:
    `list_select_related` for a to-one relation, its `get_queryset()` for a collection), the options a
    form renders of a `ModelChoiceField` (labelled `str(obj)`; not a hidden widget, nor a field `__init__` replaces),
    `str(obj)`/`f"{obj}"` of a row (its `__str__`), or Django's `model_to_dict()` called per row (it reads every
    many-to-many field named by its `fields`/`exclude`; a foreign key gives its key column).
    Reads in a block that leaves the loop or in an `except` handler
    run at most once per loop and are left alone, and so is a Django related queryset only
    combined with `|`/`&` (`qs |= cat.products.all()`: one query, run after the loop). What the session already holds is not a
    query: a prefetched child's foreign key back to its parent, a relation assigned on the
    instance before it is read, and SQLAlchemy many-to-ones to rows loaded earlier (identity
    map), relations of one SQLAlchemy row fetched alike on every iteration (`admin =
    active_admin(session)` in the loop: the identity map hands back the same object, whose
    relation loads once, unless the loop commits, rolls back, expires or refreshes), and relations a helper reads on the objects of its parameter (`def item_names(order)`:
    `order.items.all()`, then each item's `product`) when every known call of the helper in the
    project passes objects that prefetched that path (`prefetch_related("items__product")` on
    their query, or `prefetch_related_objects(orders, "items__product")` before the call); one
    call without it, or no known call, keeps the finding. A Django model's own property or method that
    no known call reaches (a property read as an attribute) and walks its related rows
    (`[seat.type for seat in self.seats.all()]`) leaves their eager loading to whoever lists the
    objects: when some query of the project eager-loads that hop (`seats__type`, after any
    relations), it is not reported. A related-manager call a prefetch does not serve (`.filter()`, `.aggregate()`,
    `.iterator()`, Pony `Set.select()`; also a queryset derived from the prefetched `.all()`:
    `order.items.all().select_related("product")` is a new query, whose rows come with what it joins)
    is reported with the call that does help, and gets no
    automatic fix; a related queryset only combined in the loop (`qs |= obj.items.all()`,
    `qs = qs.union(obj.active_items)` with a property returning `self.items.filter(...)`) runs nothing
    there; a relation read on an object the loop does not change (`ixlan = instance.ixlan` in a loop over
    other rows) is one object, not one per row; a related manager's `count()` per row is advised as one grouped count
    (`.annotate(...)` with `Count`), the prefetch that also serves it named as the costlier way. Each lazy load is
    its own finding, except the hops of a chain read in one expression (`line.product.category`), which are one
    finding naming each hop when one loader path loads them all (`select_related("product__category")`; SQLAlchemy's
    per-relation loaders keep a finding per hop); when one loop loads several relations on the rows of one Django
    query, each also names the one
    call that loads them all (`.select_related("order", "product__category")`). Django's `select_related()` without arguments follows the foreign keys that
    cannot be null, five levels deep, wherever the query is written; a `select_related()` path through a
    collection (a reverse foreign key, a many-to-many: Django refuses it with `FieldError`) loads nothing, and one
    through a one-to-one also loads the way back (`select_related("user__profile")`: `profile.user` too).

    Rows come from querysets and statements, related managers of a row (`.all()`, `.filter()`: a
    Django manager iterated itself, `for x in obj.rel`, raises `TypeError` before any row loads),
    lists filled with
    `append`/`extend` or comprehensions, and dicts of lists (`defaultdict(list)`, `setdefault`)
    whose rows all come from queries (a list holding anything else is left alone; rows from
    several queries count as eager-loaded only where every query loads the relation). Models
    are also followed through `apps.get_model("app", "Model")`, `get_user_model()` and SQLAlchemy
    `aliased(Model)` entities; rows of several entities (`for post, user in session.query(Post, User)`, also
    `session.execute(select(Post, User))`) give each name its entity: a many-to-one to another entity of the
    same row is in the identity map, and the relations of entities after the first load lazily when the
    query names no loader (which entity a loader serves is not told apart); the list a
    `Prefetch(..., queryset=..., to_attr="sorted_books")` stores holds rows loaded as that queryset loads them.
    A read in an assignment's target counts too (`counts[book.publisher.name] += 1`).
    A `while` loop walking up a self-referencing foreign key
    (`node = node.parent`) runs one query per level; walking through rows loaded up front (a dict
    by key) does not.

    A column the query leaves out is a query per row too: Django `.only(...)`/`.defer(...)`,
    SQLAlchemy `load_only(...)`/`defer(...)` options and columns the model declares `deferred(...)` (or
    `mapped_column(..., deferred=True)`)
    (unless the query asks for them with `undefer(...)`; `defer("author__bio")` leaves out a column of the
    related row, not `author`). The key is always loaded;
    `defer(..., raiseload=True)` raises instead of loading and is left alone, and options chained on
    a relationship loader (`selectinload(User.posts).load_only(...)`) are about the related rows.

    ## Why is this bad?
    Each iteration runs one more query: 200 rows cost 201 round trips (the "N+1" problem).
    It is invisible in development with ten rows and takes a production endpoint from
    milliseconds to seconds under load.

    ## Example
    ```python
    for book in Book.objects.filter(published=True):
        print(book.author.name)
    ```

    ## Use instead
    ```python
    for book in Book.objects.select_related("author").filter(published=True):
        print(book.author.name)
    ```
    SQLAlchemy: `select(Post).options(joinedload(Post.author))` (many-to-one) or
    `selectinload(User.posts)` (collections); Peewee `prefetch(query, subquery)` or a join;
    Tortoise `.prefetch_related("author")`; Pony `.prefetch(Person.cars)`. A relation
    re-queried with `.filter()` on a prefetched manager needs
    `Prefetch(..., queryset=..., to_attr=...)`.

    ## Fix safety
    Safe, when the query is built in the same function: adding `select_related`/
    `prefetch_related`/`options(joinedload|selectinload(...))` changes the SQL and the
    number of queries, not the rows. Other cases (and Peewee, Tortoise, Pony) get a message
    naming the call to add. A walk up a self-referencing key and a column left out by the query
    get no automatic fix (a recursive query, or which columns to load, is the author's choice).

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests and jobs run against production data |
    | `migration` | no | a migration's loop runs once per deploy, over the data it migrates |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | no | a management command (an import, a repair, periodic upkeep) runs off the request path over a set its operator knows: on real projects 13 of 192 such findings were worth a change (docs/precision.md) |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.
    An undecorated module function whose every known caller is a file of these contexts (a data
    migration's helper, called from it or handed to `RunPython`; a helper only management commands
    call) counts as their code: it runs only there. One caller elsewhere keeps it checked.

    Within application code, by what the loop does:

    | in application code | reported | why |
    |---|---|---|
    | relation read on each row of a loop, comprehension, serializer, `list_display` method | yes | one query per row |
    | relation of a row fetched by its own query in the loop (`get()` per iteration) | no, ORM102 reports the fetch | the relation goes with that fetch |
    | SQLAlchemy many-to-one whose key the query fixes (`where(Post.author_id == x)`, `filter_by(order_id=order.id)` for a `backref` the other model declares, `with_parent`; also in a query a function of another module returns) | no | one identity-map lookup; the message says "once per distinct" target otherwise |
    | relation read on the objects of a parameter, every known caller passing them prefetched (Django) | no | the caller's prefetch serves the reads; one caller without it, or none known, keeps the finding |
    | read in a block guarded by the prefetch cache (`if "teams" in getattr(user, "_prefetched_objects_cache", {})`) | no | the block runs for objects a caller prefetched, with nested paths it chose |
    | SQLAlchemy row fetched by the same query on every iteration, no commit/expire in the loop | no | the identity map returns the same object; its relation loads once |
    | a second loop over the same evaluated rows (`for p in products:` twice) reading a relation the first loop read on every row | no, the first loop's read is reported | the instances keep what was loaded (Django's result cache, a list); `products.update()`/`delete()` between the loops, or a first loop that may stop early, keeps the finding |
    | a key fixed to NULL (`author__isnull=True`, `.is_(None)`) | no | reads None without a query |
    | read guarded by `hasattr(obj, "annotated")`, in a block that leaves the loop, in `except` | no | a fallback that runs at most once |
    | `AsyncSession` objects | ORM103 instead | the load raises `MissingGreenlet` |

    ## References
    - [Django: `defer()` and `only()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#defer)
    - [SQLAlchemy: Limiting which Columns Load with Column Deferral](https://docs.sqlalchemy.org/en/20/orm/queryguide/columns.html)
    - [Django: `select_related()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-related)
    - [Django: `prefetch_related()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#prefetch-related)
    - [SQLAlchemy: Relationship Loading Techniques](https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html)
    - [Peewee: The N+1 problem](https://docs.peewee-orm.com/en/latest/peewee/relationships.html#nplusone)
    - [Tortoise ORM: Query API (`prefetch_related`, `fetch_related`)](https://tortoise.github.io/query.html)
    - [Pony ORM: `Query.prefetch()`](https://docs.ponyorm.org/api_reference.html#Query.prefetch)
    """

    code = "ORM101"
    name = "lazy-load-in-loop"
    family = "queries"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony")
    fix_safety = "safe"
    summary = "Relation loaded lazily once per loop iteration (N+1 queries)"
    prefilter = PER_ROW_HINTS
    prefilter_tables = (ParameterReadsTable,)  # a call handing rows to another module's loop
    skip_roles = NON_PRODUCTION | {"migration", "command"}

    VALID = [
        Example('''
            from shop.models import Book

            def titles():
                return [b.title for b in Book.objects.only("title")]
        ''', files=_MODELS),
        Example('''
            from shop.models import Book

            def titles():
                return [b.title for b in Book.objects.all()]
        ''', files=_MODELS),
        Example('''
            from shop.models import Book

            def authors():
                for book in Book.objects.select_related("author"):
                    print(book.author.name, book.author_id)
        ''', files=_MODELS),
        Example('''
            from shop.models import Book
            from django.db.models import Prefetch

            def tags():
                for book in Book.objects.prefetch_related("tags"):
                    print([t.label for t in book.tags.all()])
        ''', files=_MODELS),
        Example('''
            from shop.models import Book

            def rows():
                for row in Book.objects.values("author__name"):
                    print(row["author__name"])
        ''', files=_MODELS),
        Example('''
            from sqlalchemy import select
            from sqlalchemy.orm import joinedload
            from blog.models import Post

            def listing(session):
                for post in session.scalars(select(Post).options(joinedload(Post.author))):
                    print(post.author)
        ''', files=_MODELS),
        Example('''
            from pw.models import Tweet, User

            def timeline():
                for tweet in Tweet.select(Tweet, User).join(User):
                    print(tweet.user.username, tweet.user_id)
        ''', files=_MODELS),
        Example('''
            from pony.orm import db_session
            from garage.models import Car

            @db_session
            def owners():
                return [car.owner.name for car in Car.select()]  # Pony loads every owner at once
        ''', files=_MODELS),
    ]
    INVALID = [
        Example('''
            from shop.models import Book

            def teasers():
                return [b.summary[:80] for b in Book.objects.only("title")]
        ''', files=_MODELS, lines=(4,), message="`b.summary` loads the column Book.summary (the query leaves it out "
                                               "with `only()`) once per iteration"),
        Example('''
            from shop.models import Book

            def authors():
                for book in Book.objects.filter(title__startswith="A"):
                    print(book.author.name)
        ''', files=_MODELS, lines=(5,), fixed='''
            from shop.models import Book

            def authors():
                for book in Book.objects.select_related("author").filter(title__startswith="A"):
                    print(book.author.name)
        ''', message="`book.author` lazily loads Book.author (ForeignKey to"),
        Example('''
            from shop.models import Author

            def report():
                return {a.name: [b.title for b in a.books.all()] for a in Author.objects.all()}
        ''', files=_MODELS, lines=(4,), fixed='''
            from shop.models import Author

            def report():
                return {a.name: [b.title for b in a.books.all()] for a in Author.objects.prefetch_related("books").all()}
        ''', message="`a.books.all()` queries Author.books (reverse ForeignKey"),
        Example('''
            from shop.models import Book

            def tags():
                for book in Book.objects.prefetch_related("tags"):
                    print(book.tags.filter(label="new").exists())
        ''', files=_MODELS, lines=(5,), message='`book.tags.filter(label="new")` re-queries the prefetched'),
        Example('''
            from sqlalchemy import select
            from blog.models import User

            def listing(session):
                users = session.scalars(select(User)).all()
                for user in users:
                    print(len(user.posts))
        ''', files=_MODELS, lines=(7,), fixed='''
            from sqlalchemy import select
            from blog.models import User
            from sqlalchemy.orm import selectinload

            def listing(session):
                users = session.scalars(select(User).options(selectinload(User.posts))).all()
                for user in users:
                    print(len(user.posts))
        ''', message="`user.posts` lazily loads User.posts (relationship to Post,"),
        Example('''
            from blog.models import Post

            def author_name(post):
                return post.author.id

            def names(session):
                return [author_name(p) for p in session.query(Post).all()]
        ''', files=_MODELS, lines=(7,), message="`author_name()` in the loop: `post.author` lazily loads"),
        Example('''
            from sqlmodel import Session, select
            from api.models import Hero

            def heroes(session: Session):
                return [(h.id, h.team.id) for h in session.exec(select(Hero)).all()]
        ''', files=_MODELS, lines=(5,), fixed='''
            from sqlalchemy.orm import joinedload
            from sqlmodel import Session, select
            from api.models import Hero

            def heroes(session: Session):
                return [(h.id, h.team.id) for h in session.exec(select(Hero).options(joinedload(Hero.team))).all()]
        ''', message="`h.team` lazily loads Hero.team (relationship to Team,"),
        Example('''
            from pw.models import Tweet

            def timeline():
                for tweet in Tweet.select():
                    print(tweet.user.username)
        ''', files=_MODELS, lines=(5,), message="`tweet.user` lazily loads Tweet.user (ForeignKeyField to"),
        Example('''
            from tt.models import Order

            async def customers():
                for order in await Order.all():
                    print((await order.customer).name)
        ''', files=_MODELS, lines=(5,), message="`(await order.customer)` queries Order.customer"),
        Example('''
            from pony.orm import db_session, select
            from garage.models import Person

            @db_session
            def garage_sizes():
                return {p.name: p.cars.count() for p in select(p for p in Person)}
        ''', files=_MODELS, lines=(6,), message="`p.cars.count()` queries Person.cars (Set to Car)"),
    ]

    def visit_Module(self, node: cst.Module) -> bool:
        events = [e for e in analyse(self.ctx).lazy if not e.owner.load.is_async or e.mode == "awaitable"]
        together = _loaded_together(events)
        earlier = _earlier_hops(events)
        absorbed = {id(hop) for hops in earlier.values() for hop in hops}
        for event in events:
            if id(event) not in absorbed:
                self.report_event(event, together.get(id(event), ()), earlier.get(id(event), []))
        for deferred in analyse(self.ctx).deferred:
            if not deferred.owner.load.is_async:  # there the read raises instead (ORM103)
                self.report_deferred(deferred)
        return False

    def report_deferred(self, event: DeferredRead) -> None:
        """A column the query left out, read per row: one query per row for that column."""
        query, model = spec_of(event.owner.load.orm).query, event.owner.model.name
        option = {effect: name for name, effect in query.column_loading}
        why = "the model defers it" if event.why == "default" else f"the query leaves it out with `{option[event.why]}()`"
        what, related = _through_helper(event, f"`{short(event.access, 50)}` loads the column {model}.{event.column} "
                                               f"({why})", f"read of {model}.{event.column}")
        loop = per_iteration(event.loop, self.ctx.metadata(PositionProvider))
        fix_advice = dict(query.column_advice)[event.why].format(model=model, column=event.column)
        self.report(event.node, f"{what} once per {loop} (N+1); {fix_advice}", related=related)

    def report_event(self, event: LazyLoad, together: tuple[str, ...] = (), hops: list[LazyLoad] = ()) -> None:
        """One finding per lazy load; ``hops``: the loads of the same chain before it (``line.product`` of
        ``line.product.category``), which its advice loads too, named in its message."""
        positions = self.ctx.metadata(PositionProvider)
        rel, owner = event.relation, event.owner
        where = " and then ".join(f"{e.owner.model.name}.{e.relation.name} ({describe(e.relation)})"
                                  for e in (*hops, event))
        loop = per_iteration(event.loop, positions)
        access = short(event.access, 50)
        if event.mode == "requery":
            does = f"re-queries the prefetched {where} with .{event.method}()"
        elif event.mode == "attr":
            does = f"lazily loads {where}"
        else:
            does = f"queries {where}"
        what = f"`{access}` runs {event.member}, which {does}" if event.member else f"`{access}` {does}"
        what, related = _through_helper(event, what, f"lazy load of {owner.model.name}.{rel.name}")
        models = self.ctx.index.models
        key = models.key_column(owner.model, rel) if event.mode == "attr" else None  # on the object read, however reached
        target = rel.target.rsplit(".", 1)[-1]
        if key and spec_of(rel.orm).query.identity_map:  # the session serves a key it has loaded already
            loop = f"distinct {target} ({loop}; the identity map serves repeated keys)"
        fix_advice = advice(event)
        parent = self.ctx.parent(event.access) if event.via is None else None
        if key and isinstance(parent, cst.Attribute) and parent.value is event.access \
                and parent.attr.value in ("pk", "id"):
            fix_advice = f"read `{short(event.access.value, 30)}.{key}`, which holds the key without a query, or {fix_advice}"
        if together:
            loader = eager_lookup(event)[0]
            fix_advice += (f"; with the other relations this loop reads on the same rows, "
                           f"`.{loader}({', '.join(f'{chr(34)}{p}{chr(34)}' for p in together)})` loads them all")
        message = f"{what} once per {loop} (N+1); {fix_advice}"
        self.report(event.node, message, fix=eager_fix(event), related=related)


def _earlier_hops(events: list[LazyLoad]) -> dict[int, list[LazyLoad]]:
    """For the last load of a chain read in one expression (``line.product.category``: ``line.product``, then
    ``.category`` on what it loaded), the loads before it, outermost first, when its advice names a loader path
    that loads every hop (``select_related("product__category")``): one finding says them all. A loader of one
    relation (SQLAlchemy's ``joinedload(Context.context_type)``) leaves each hop its own finding."""
    plain = [e for e in events if e.mode == "attr" and e.via is None and e.node is e.access and not e.member]
    by_value = {(id(e.access.value), id(e.loop.node) if e.loop else 0): e for e in plain
                if isinstance(e.access, cst.Attribute)}
    next_hop: dict[int, LazyLoad] = {}
    for event in plain:
        deeper = by_value.get((id(event.access), id(event.loop.node) if event.loop else 0))
        if deeper is not None and _path_covers(deeper, event):
            next_hop[id(event)] = deeper
    earlier: dict[int, list[LazyLoad]] = {}
    for event in plain:
        if id(event) in next_hop:
            continue  # not the last of its chain
        hops, current = [], event
        while (before := next((e for e in plain if next_hop.get(id(e)) is current), None)) is not None:
            hops.insert(0, before)
            current = before
        if hops:
            earlier[id(event)] = hops
    return earlier


def _path_covers(deeper: LazyLoad, earlier: LazyLoad) -> bool:
    """Whether the loader path ``deeper``'s advice names (``product__category``) extends ``earlier``'s."""
    path, first = eager_lookup(deeper)[1], eager_lookup(earlier)[1]
    return f'"{path}"' in advice(deeper) and path.startswith(first) and len(path) > len(first)


def _loaded_together(events: list[LazyLoad]) -> dict[int, tuple[str, ...]]:
    """For each event (by id) whose advice names a loader path of the query (Django's `select_related("a")`), the
    paths that one call of that loader needs for every lazy load of the same loop on the rows of the same query,
    when they are more than its own: a path another one extends (`a` of `a__b`) is left out, as that loads it."""
    groups: dict[tuple, list[tuple[LazyLoad, str]]] = {}
    for event in events:
        load = event.owner.load
        if event.loop is None or load.anchor is None or spec_of(load.orm).query.options or event.loop.admin:
            continue
        loader, path = eager_lookup(event)
        if f'"{path}"' in advice(event):
            groups.setdefault((id(event.loop.node), id(load.anchor), loader), []).append((event, path))
    together: dict[int, tuple[str, ...]] = {}
    for members in groups.values():
        paths = sorted({path for _, path in members})
        needed = tuple(p for p in paths if not any(q.startswith(f"{p}__") for q in paths))
        for event, path in members:
            if needed != (path,):
                together[id(event)] = needed
    return together


def _through_helper(event: LazyLoad | DeferredRead, what: str, label: str) -> tuple[str, list[Related]]:
    """The message's subject and related locations when the load happens in a helper called in the loop."""
    if event.via is None:
        return what, []
    name = short(event.via.func, 40)
    return f"`{name}()` in the loop: {what} inside it", [Related(event.access, f"{label} in `{name}`")]
