"""ORM102 query-in-loop: an explicit query or write executed once per loop iteration."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from ormlint.analysis.db_calls import swallows_database_error
from ormlint.analysis.n_plus_one import analyse
from ormlint.analysis.n_plus_one.raw import batch_advice
from ormlint.analysis.n_plus_one.queries import (
    PER_ROW_HINTS,
    LoopQuery,
    names_read,
    per_iteration,
    short,
    uniform_assignments,
)
from ormlint.api import Example, Related, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.orms import spec_of
from ormlint.orms.django import DJANGO
from ormlint.orms.spec import OrmSpec, Write
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import parent_map

_INSERTS = frozenset({"create", "save_new"})  # the Django writes whose bulk form is bulk_create()
_MODELS = {
    "garage/models.py": '''
        from pony.orm import *

        db = Database()

        class Person(db.Entity):
            name = Required(str)
    ''',
    "shop/models.py": '''
        from django.db import models

        class Product(models.Model):
            name = models.CharField(max_length=100)
            stock = models.IntegerField(default=0)

            def save(self, *args, **kwargs):
                self.name = self.name.strip()
                super().save(*args, **kwargs)

        class Review(models.Model):
            product = models.ForeignKey(Product, on_delete=models.CASCADE)

        class Place(models.Model):
            name = models.CharField(max_length=100)

        class Restaurant(Place):
            seats = models.IntegerField(default=0)
    ''',
    "blog/models.py": '''
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
    ''',
}

class QueryInLoop(Rule):
    """
    ## What it does
    Finds a query executed once per loop iteration: Django `.get()`, `.filter(...).first()`,
    `.count()`, `.exists()`, `.create()`, `get_object_or_404()`, iterating a new queryset or
    evaluating it with `list()`, `len()`, `sorted()`, `tuple()`, `set()`, `rows.extend(qs)`, an index (`qs[0]`) or a
    truth test (`if qs:`, `not qs`, `bool(qs)`: Django, Peewee and Pony run it; a legacy SQLAlchemy
    `Query` is always true), also when the loop's body bound it to a name first (`qs = ...filter(x=row)`,
    then `for y in qs`: reported at the query the body builds; one built before the loop is cached) (or
    SQLAlchemy's legacy `session.query(...)`, or a model property that returns such a query,
    `for tag in vocabulary.tags`, also on the elements of a parameter annotated `list[Vocabulary]`,
    whose relations the caller may have eager-loaded but whose queries run per element);
    SQLAlchemy `session.get()`, `session.execute/scalars/scalar(...)` of a `select()`,
    `update()`, `delete()` or `text()`, `session.query(...).first()`, `session.merge()`,
    Flask-SQLAlchemy `Model.query....first_or_404()`; Peewee `Model.get()`/`get_or_none()`;
    Tortoise `await Model.get(...)`; Pony `Entity.get(...)`, `Entity[pk]`,
    `select(x for x in Entity if ...).count()`/`.first()`; and per-row writes
    (`obj.save()`, `save(update_fields=...)`, Peewee `obj.delete_instance()`,
    `Model.objects.create()`, a queryset's `update()`/`delete()`, which runs one UPDATE/DELETE of every
    row it matches and is named so; a Django related manager's `add(obj)`/`remove(obj)`, which takes every
    object in one call) that have a
    bulk form; the message names the bulk form (a write of a model with hooks the bulk form would skip is
    not reported: see below). The query must depend on the
    loop variable (or a name the loop's body binds anew; not the variable of a comprehension inside
    the query, `[i.split("-")[0] for i in ids]`, which is its own); in nested loops, on the innermost loop whose variable it reads (a query in an
    inner loop that reads only the outer row runs once per outer row, and again per inner
    iteration: reported at the outer loop); helpers and repository methods of the same module (or defined in
    the function's own body) called in the loop are followed one level deep, with a query the loop's body built
    and handed to them (`_failing(qs.filter(site=site))` evaluated inside: one query per iteration), and a
    queryset such a helper builds and returns unevaluated (`def _items(o): return Item.objects.filter(order=o)`)
    runs where the loop evaluates it (iterated, `len()`, a truth test), reported at the call; not a memoised
    helper, a generator, or one that may return something else. In a helper handed the loop's row, a branch
    `if obj is None:` (fetch it) never runs, nor does one that needs a parameter the call leaves at its
    default `None` (`_init(name)` of `def _init(name, code=None): if code and ...:`), or one that the constant
    the call passes (or the parameter's constant default) rules out (`_close(order, notify=False)` of
    `if notify and ...:`; `_handle(order, Event.RETRY)` of `if event == Event.DONE:`). A session is
    recognised by its name (`session`, `db`,
    `sess`), its annotation (`Session`, `AsyncSession`) or the factory that made it, and so is whatever runs a
    SQLAlchemy statement written in place (`conn.execute(text(...))`, `conn.scalars(select(...))`).

    Left alone: a query in a block that leaves the loop (`return`, `break`, `raise`, also when
    every branch of an `if` chain does) or in an `except` handler (the exceptional path), a
    `while` loop that polls (sleeps), prompts until the answer is valid (`input()`), searches (breaks once found, queries in its
    condition, also through a helper: `while not is_free(code)`, or sets the flag its condition tests in a
    branch the query decides: `while not unique: ... if not M.objects.filter(code=c).exists(): unique = True`), works in batches
    (`pk__in=batch`) or steps through time windows (`while start < end: ...; start += timedelta(days=1)`, or by a
    width the code names: `stop = min(start + window, end)`, `offset += size`: a chunk of rows per window), a loop that counts attempts (`for _ in range(retries)` or
    `itertools.count()` that never reads its counter and leaves once a check it calls passes, or a
    `try` body gets through: a fresh random token checked for a collision normally runs once), a
    loop over a collection the code or the configuration fixes (literals, constants, enum and
    Django choices members, `range(MAX_TRIES)`, settings, installed apps and entry points, the
    arguments of a click/typer or Django command, also in a helper of the module that only commands
    call with them, and local names bound only to one of these; a list parameter of unknown origin or a
    request's ids are not bounded), writes that
    already cover a group of rows (`filter(pk__in=ids).update(...)`, also through a name the loop binds:
    `batch = M.objects.filter(id__in=ids)`; `batch.delete()`), and `session.get()`
    (Pony `Entity[pk]`) of rows the function loaded earlier (identity map).

    SQL run through a driver counts too: DB-API `cursor.execute()` (psycopg, sqlite3, MySQL
    drivers), Django's `connection.cursor()`, asyncpg `fetch`/`fetchrow`/`execute`, aiosqlite
    and SQLAlchemy `execute(text(...))` with a parameter taken from the loop; the advice
    batches in the driver's own parameter style (`= ANY(%s)`, `IN (...)`, `executemany` for
    writes; psycopg2's `execute_values`, as its `executemany` still sends one statement per row). A lookup of one row by another column (`get(name=x)`, `filter_by(nvr=x).first()`) is advised as
    one fetch by that column (`filter(name__in=keys)`, `M.nvr.in_(keys)`) kept in a dict; a `.count()`/`.exists()`
    per row as one grouped count of every key
    (`values("<key>").annotate(n=Count("pk"))`, `group_by`), not the rows fetched with
    `in_bulk`. SQLAlchemy `update()`/`insert()`/`delete()` statements run per row are writes:
    the advice is one bulk UPDATE by primary key (`session.execute(update(M), [dicts])`), one
    executemany INSERT, one `delete(M).where(M.id.in_(ids))`. `executemany`, batches by chunks
    and loops over the statements of a migration or schema script (`connection.execute(text(line))` for each line
    of a script: a different statement each time) are not N+1, nor is a schema change per
    table or constraint (`ALTER TABLE {t} ADD CONSTRAINT ...` through `text()`, also built with `str.format()`),
    nor a statement whose table the loop pastes in anew (`UPDATE {table} SET ...` for each model: one set-based
    statement per table). Helpers of other modules that query from their parameters
    (through a session or a global Flask-SQLAlchemy `db.session`; also a query they bind to a local name
    and run there, `qs = M.objects.filter(member=member); qs.exists()`) count at their call in the
    loop, unless that query locks the row (`select_for_update().get(pk=obj.pk)`: one lock per call, on purpose), and so do methods of a model class (or its project base) that return a query's result,
    called on the class (`User.get(ref)` returning `Session.query(cls)....first()` or `cls.query....first()`,
    also from the mixin of `declarative_base(cls=Mixin)`) or on each
    row (`order.total_paid()` returning `Payment.objects.filter(order=self).aggregate(...)[...]`); memoised helpers (`functools.cache`, a cache read first, `result = REGION.get(key)` then `if ...: return result`, a dict filled on a miss: under
    `if key not in cache` (or `cache.keys()`), or `if found is None` after `found = cache.get(key)`, or in the `else` of
    `if key in cache`; in a helper, a dict that outlives the
    call, `self._nodes` or a module's; or the loop's own dict keeping what the helper returns,
    `cache[key] = await self.find(key)` under that test) run once per distinct key and are left alone (so does a
    row created for a key the cache lacks, `seen[name] = Category.objects.create(name=name)`: one insert per new
    key, then reused; other writes under such a test still count), as is a lookup in the
    dict a custom manager method builds and returns (`OptionCollection.objects.option_map()`), and so is a function whose call is a whole job rather than a lookup: it
    loops over a collection of its own with a query or a write per element (directly or through a
    function of its module that runs one), or runs a program of coroutines to its end
    (`asyncio.run(...)`). One finding per loop, at its first query; the others are related
    locations.

    ## Why is this bad?
    N iterations cost N round trips to the database. Fetching everything the loop needs in
    one query (`in_bulk`, an `IN` filter) or writing in bulk turns N queries into one.

    ## Example
    ```python
    for item in cart:
        product = Product.objects.get(pk=item["product_id"])
    ```

    ## Use instead
    ```python
    products = Product.objects.in_bulk([item["product_id"] for item in cart])
    for item in cart:
        product = products[item["product_id"]]
    ```

    ## Fix safety
    No automatic fix: batching changes ordering, error behaviour and, for writes, skips
    per-object `save()` overrides and signals (see ORM401).

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
    | loop over rows of a query, a related manager, a parameter | yes | N rows, N queries |
    | loop over a literal (also a class attribute `self.kinds` the class never reassigns), `list(...)`/`sorted(...)`/`enumerate(...)` of one of these, a module constant (also a name another module of the project binds once to a list, tuple, set or dict literal and never changes: `from .constants import kind_map`), settings/`sys.argv`/CLI options, an entry of a configuration object under an upper-case key (`config.get("MASTER_DIRECTORIES")`, `app.config["ALLOWED_GROUPS"]`), an enum or `Status.choices`, `_meta` fields, installed apps (`apps.get_app_configs()`), entry points, one row's column values, `range(3)`, `range(MAX_TRIES)` or `range(attempts)` with `attempts = 100` set in the code, a slice at most 20 wide (`rows[:5]`) or a query cut by `.limit(5)` (also inside `session.scalars(...)`), a comprehension over one of these (`[r[0] for r in rows[:6]]`), each bound a literal, a module constant or the default of a parameter of the function (`max_num=15`), or a local name bound only to one of these (`roles = settings.ROLE_MAP.get(key, [])`, `names = list(args) if args else []`; not a parameter, which the caller binds) | no | a small set fixed by the code or the configuration |
    | a query in such a bounded loop (`for status in STATUSES`) nested in a loop over rows whose row it also reads | yes, naming the outer loop | a few queries per row |
    | loop over a Django formset's forms or their data, by the formset's name (`for form in formset`, `for data in self.attribute_formset.cleaned_data`) | no | one page of forms a person filled in (Django caps them at `max_num`) |
    | loop over the arguments of a click/typer command or a management command's `options`, also in a module function that no other file calls and every call of which is a command's passing them (`create_tags(names)` in `create_cmd(names)`) | no | an operator types them |
    | a query for the group of rows each iteration hands over (`for kind, ids in ids_by_kind.items(): filter(kind=kind, pk__in=ids)`, `M.id.in_(ids)`, also in a statement built before) | no | one query per group: what batching the rows gives |
    | `for _ in range(retries)` that leaves once its check passes; `while Token.objects.filter(key=key).exists()`; tenacity's `for attempt in Retrying(...)` / `async for attempt in AsyncRetrying(...)` | no | attempts at a free random value, or at the same work after a failure: one, normally |
    | `groups.get(key)` of a `defaultdict(list)` filled with rows before the loop, tested (`if items:`) | no | a list of rows already fetched: testing it runs nothing |
    | `rows.count()`/`rows.exists()` in `while rows:` before the body rebinds `rows` (Django) | no | the test fetched the rows; both answer from them |
    | `for i in range(len(ids))`, `for _ in range(quantity)` that leaves for another reason | yes | the count comes from data |
    | `while` loop walking a chain (`node = Category.objects.get(pk=node_id)`, then `node_id = node.parent_id`) | yes, advising a recursive query | one query per link; each key comes from the previous row, so no `in_bulk` can fetch them first |
    | loop over batches (`chunked(...)`, `range(0, n, BATCH)`, `pk__in=batch`, SQL reading one page per run: `LIMIT n OFFSET %(offset)s`) or time windows (`while start < end: ... start += timedelta(...)`, `stop = min(start + window, end)`) | no | already batched |
    | a write per iteration to one row the loop does not change (`filter(pk=job.pk).update(progress=p)`, `execute(text("UPDATE job SET progress = :p WHERE id = :job_id"), {...})`) | no | the same row each time (a progress report), not one row per iteration |
    | query in a branch taken once per batch: `if len(rows) >= batch_size:` of a list the loop fills, `if n % 1000 == 0:` | no | one query per batch; not `len(x) > 0`, nor `i % 2` |
    | query in a branch for one key of a dict: `for key, value in record.items(): if key == "category":` (or `key in ("a", "b")`) | no | a dict's keys are distinct: the branch runs once |
    | `article.tags.add(tag)` / `.remove(tag)` per row (Django related manager) | yes, advising one `add(*objs)` after the loop when the owner stays the same, one call from the other side of the relation when the object added does, else the relation's `through` rows at once | each call reads the existing links and writes; one call takes every object |
    | loop that sleeps every iteration, polls, prompts (`input()`) or searches (`break` once found) | no | one at a time on purpose |
    | loop whose every iteration calls another service with the library's function (`requests.post(...)`, `httpx.get(...)`, `urlopen(...)`, in a statement of the loop's body with no `continue` before it) | no | the round trip to the service dominates each iteration: a query fewer per row changes little |
    | loop that locks each row (`select_for_update()`, `with_for_update()`) | no | one row at a time on purpose |
    | per-row write inside a `try` whose handler swallows database errors (`except DatabaseError: log...`) | no | one at a time keeps a failure to its row; a batch fails or succeeds whole |
    | call of a huey `@task()`/`@db_task()` function (a Celery task called directly runs in place: yes) | no | the call only queues it; a worker runs its query |
    | call of a function that is a whole job per item: its own loop queries or writes per element (`scan_photos(user, ...)` walking the user's files), or it runs `asyncio.run(...)` | no | its first query is one of many; there is no lookup to fetch before the loop |
    | per-row write of a model with its own `save()`/signals/event hooks (django-lifecycle `@hook` methods too), which the bulk form skips | no | one at a time is how the hooks run (see ORM401) |
    | `row.status = "archived"` then `row.save()` per row, the same value for every row, set and saved unconditionally (Django) | yes, also advising one `update()` of the rows' queryset | one UPDATE writes them all |
    | `Restaurant.objects.create(...)` or a new object's `save()` per row, of a Django model that inherits a concrete model (multi-table inheritance) | no | `bulk_create()` refuses such models: one INSERT per row is the only way |
    | `obj.save(...)` of a SQLAlchemy model, a method the project defines (`ModelBase.save()`: `session.add(self)`, a flush when asked) | no | SQLAlchemy objects have no save() of the ORM's: the session writes them at its flush |
    | `obj.pk = None` (or `obj.id = None`) then `obj.save()` per row | yes, advising `bulk_create(objs)` | a save with the key cleared inserts a copy; `bulk_update()` cannot write rows that have no key |
    | `get_or_create()` per row | yes, advising a fetch of the existing rows and `bulk_create()` | an upsert would overwrite rows |
    | `update_or_create()` per row | yes, advising a fetch of the existing rows, `bulk_update()` and `bulk_create()`; the upsert (`update_conflicts=True`) where a unique constraint covers the lookup | an upsert finds conflicts only through a unique constraint |
    | `Comment.objects.filter(post=post)` per row (one foreign-key condition) | yes, advising `prefetch_related("comments")` | the rows of a reverse relation: one prefetch loads them for every row |
    | a method of a service or repository object of another module that runs a query from its parameters (`self._roles.get_roles(names)`, the object kept by `__init__` from a parameter annotated with its class, annotated itself, `self.orgs: OrgService = ...`, or given by pyramid_services' `request.find_service(OrgService)`; the class also named through a package that re-exports it; the query also built by another method of the class) | yes | one query per call, as for a function of another module |
    | a related query of one object the function holds across iterations, filtered per element (`xform.instances.filter(uuid=u).count()`) | yes | one query per element; the loop's own row reading its relation is ORM101's |
    | SQLAlchemy's legacy `Query.delete()` / `Query.update({...})` per row (`Model.query.filter(Model.task_id == t.id).delete()`) | yes, advising one statement keyed by all the rows (`.filter(M.key.in_(keys))`) | each call is a DELETE/UPDATE of its own |
    | loop over a generator of the module that yields the rows of its argument a slice at a time (`for f in self._batch_query(qs)`: `yield from qs[offset:limit]`) | yes | one row per iteration, whatever the generator's name says |

    ## References
    - [Django: Database access optimization](https://docs.djangoproject.com/en/stable/topics/db/optimization/)
    - [Django: `in_bulk()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#in-bulk)
    - [Django: `bulk_create()`](https://docs.djangoproject.com/en/stable/ref/models/querysets/#bulk-create)
    - [SQLAlchemy: ORM-Enabled INSERT, UPDATE, and DELETE statements](https://docs.sqlalchemy.org/en/20/orm/queryguide/dml.html)
    - [Peewee: Bulk inserts](https://docs.peewee-orm.com/en/latest/peewee/querying.html#bulk-inserts)
    - [Pony ORM: Queries](https://docs.ponyorm.org/queries.html)
    """

    code = "ORM102"
    name = "query-in-loop"
    family = "queries"
    severity = "warning"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "pony")
    fix_safety = "none"
    summary = "Query executed once per loop iteration"
    prefilter = PER_ROW_HINTS
    skip_roles = NON_PRODUCTION | {"migration", "command"}

    VALID = [
        Example('''
            from shop.models import Product

            def names(ids):
                products = Product.objects.in_bulk(ids)
                return [products[i].name for i in ids]
        ''', files=_MODELS),
        Example('''
            from shop.models import Product

            def totals(batches):
                for batch in batches:
                    Product.objects.filter(pk__in=batch).count()
        ''', files=_MODELS),
        Example('''
            from shop.models import Product

            def stock(ids):
                for i in ids:
                    print(i)
                return Product.objects.filter(pk__in=ids).count()
        ''', files=_MODELS),
        Example('''
            from shop.models import Product

            def restock(rows):
                for row in rows:  # Product.save() strips the name: bulk_create() would skip it
                    Product(name=row["name"], stock=row["stock"]).save()
        ''', files=_MODELS),
        Example('''
            from shop.models import Restaurant

            def open_all(rows):
                for row in rows:  # Restaurant inherits Place's table: bulk_create() refuses it
                    Restaurant.objects.create(name=row["name"], seats=row["seats"])
        ''', files=_MODELS),
        Example('''
            from shop.models import Product

            def reserve(ids):
                for pk in ids:  # one locked row at a time, on purpose
                    product = Product.objects.select_for_update().get(pk=pk)
                    product.stock -= 1
                    product.save(update_fields=["stock"])
        ''', files=_MODELS),
        Example('''
            from pony.orm import db_session
            from garage.models import Person

            @db_session
            def owners(ids):
                everyone = Person.select()[:]
                return len(everyone), [Person[pk].name for pk in ids]  # the session holds them all
        ''', files=_MODELS),
    ]
    INVALID = [
        Example('''
            from shop.models import Product

            def names(cart):
                for item in cart:
                    product = Product.objects.get(pk=item["product_id"])
                    print(product.name)
        ''', files=_MODELS, lines=(5,), message='`Product.objects.get(pk=item["product_id"])` runs a query'),
        Example('''
            from sqlalchemy import select
            from blog.models import User

            def emails(session, ids):
                return [session.scalars(select(User).where(User.id == i)).first() for i in ids]
        ''', files=_MODELS, lines=(5,), message="`session.scalars(select(User).where(User.id == i))` runs a"),
        Example('''
            from shop.models import Review

            def import_reviews(rows):
                for row in rows:
                    review = Review(product_id=row["product"])
                    review.save()
        ''', files=_MODELS, lines=(6,), message="`review.save()` writes one row per iteration of the `for"),
        Example('''
            from shop.models import Product

            def load(pk):
                return Product.objects.filter(pk=pk).first()

            def names(ids):
                return [load(i) for i in ids]
        ''', files=_MODELS, lines=(7,), message="`load()` is called per iteration and runs a query inside"),
        Example('''
            from pony.orm import db_session
            from garage.models import Person

            @db_session
            def owners(ids):
                return [Person[pk].name for pk in ids]
        ''', files=_MODELS, lines=(6,), message="`Person[pk]` runs a query per iteration"),
    ]

    def visit_Module(self, node: cst.Module) -> bool:
        loops: dict[int, list[LoopQuery]] = {}
        parents: dict[int, dict[cst.CSTNode, cst.CSTNode]] = {}  # per loop, computed once
        for event in analyse(self.ctx).queries:
            if not self._keeps_hooks(event) and not self._bulk_refused(event) \
                    and not self._isolated_per_row(event, parents):
                loops.setdefault(id(event.loop.node), []).append(event)
        for events in loops.values():
            if not any(e.locked for e in events):  # a per-row lock: one row at a time on purpose
                positions = self.ctx.metadata(PositionProvider)  # computed once, and only for a file with a finding
                events.sort(key=lambda e: (positions[e.node].start.line, positions[e.node].start.column))
                self.report_loop(events, positions)
        return False

    def _keeps_hooks(self, event: LoopQuery) -> bool:
        """A per-row write whose bulk form would skip hooks the project defines for the model: writing
        one row at a time is how those hooks run, so there is nothing to batch."""
        spec = spec_of(event.orm)
        write = spec.bulk_form(event.write) if spec is not None and event.write else None
        skipped = spec.hooks.skips(write.skips) if write is not None and write.skips else None
        return skipped is not None and event.model is not None and bool(
            self.ctx.index.hooks.hooks_for(event.model, skipped.events))

    def _bulk_refused(self, event: LoopQuery) -> bool:
        """A new row per iteration of a Django model that inherits a concrete model: ``bulk_create()``
        refuses multi-table inheritance, so one INSERT per row is the only way to write them."""
        return event.write in _INSERTS and event.orm == DJANGO.name and event.model is not None \
            and self.ctx.index.models.inherits_a_table(event.model)

    def _isolated_per_row(self, event: LoopQuery, parents_of: dict[int, dict[cst.CSTNode, cst.CSTNode]]) -> bool:
        """A write in a ``try`` of the loop body whose handler swallows database errors: one row at a time is
        how a failure stays confined to its row (a batch fails or succeeds whole)."""
        if not (event.write or (event.raw is not None and event.raw.write)):
            return False
        loop = event.loop.node
        if id(loop) not in parents_of:
            parents_of[id(loop)] = parent_map(loop)
        parents = parents_of[id(loop)]
        node = event.via or event.node
        while node in parents:
            parent = parents[node]
            if isinstance(parent, cst.Try) and node is parent.body and any(
                    swallows_database_error(h, self.ctx.imports) for h in parent.handlers):
                return True
            node = parent
        return False

    def report_loop(self, events: list[LoopQuery], positions) -> None:
        """One finding per loop: at its first query, every other query of the loop as a related location."""
        event = events[0]
        loop = per_iteration(event.loop, positions)
        spec = spec_of(event.orm) or DJANGO
        reads = spec.read_advice
        method = event.query.func.attr.value if isinstance(event.query, cst.Call) \
            and isinstance(event.query.func, cst.Attribute) else ""
        if spec.count_advice and method in spec.query.aggregates - {"in_bulk"}:
            reads = spec.count_advice  # a count per row: one grouped count, not the rows
        if event.loop.per_object:  # a serializer/admin method: the rows come from a queryset elsewhere
            reads = "compute it for all rows in the queryset that feeds them (`annotate(...)`, `prefetch_related(...)`)"
        elif reads == spec.read_advice and not event.write:
            reads = self._children_advice(event, spec) or self._keyed_advice(event, spec) or reads
        query = short(event.query, 50)
        write = spec.bulk_form(event.write) if event.write else None
        if event.chain:
            what = self._writes(write) if event.write else "runs a query"
            message = (f"`{query}` {what} per {loop}, one per link of a chain: each key comes from the row the "
                       f"previous iteration fetched, so no batch can fetch them before the loop; follow the chain "
                       f"in one recursive query (`WITH RECURSIVE`), or load the rows it walks once and follow "
                       f"them in memory")
        elif event.raw is not None:
            what = f"runs {event.raw.write}" if event.raw.write else "runs a query"
            message = f"`{query}` {what} per {loop} (N+1); {batch_advice(event.raw)}"
        elif event.write == "relate":
            message = f"`{query}` runs a query per {loop}; {self._relate_advice(event)}"
        elif write is not None and write.advice:
            message = f"`{query}` {self._writes(write)} per {loop}; {write.advice}"
        elif write is not None and write.bulk:
            message = f"`{query}` {self._writes(write)} per {loop}; collect the objects and use {write.bulk}"
            same = self._same_values(event, spec)
            if same:
                message += f"; every row gets the same {same} here: one `update()` of their queryset writes them all"
        elif event.write:
            message = f"`{query}` runs a query per {loop}; batch the writes"
        else:
            message = f"`{query}` runs a query per {loop} (N+1); {reads}"
        related = []
        if event.via is not None:
            name = short(event.via.func, 40)
            message = (f"`{name}()` is called per iteration and returns a query the loop runs: {message}" if event.returned else
                       f"`{name}()` is called per iteration and runs a query inside it: {message}")
            related.append(Related(event.query, f"the query in `{name}`"))
        for other in events[1:]:
            text = f"another query of the same loop: `{short(other.query, 50)}`"
            if other.via is not None:
                text += f" (in `{short(other.via.func, 40)}`)"
            related.append(Related(other.query, text))
        if len(events) > 1:
            message += f" ({len(events) - 1} more {'query' if len(events) == 2 else 'queries'} in this loop)"
        self.report(event.node, message, related=related)

    @staticmethod
    def _same_values(event: LoopQuery, spec: OrmSpec) -> str:
        """``user.is_active = False; user.save()`` per row of a Django loop: the fields every row is given
        the same value of (none when there are hooks: the write would not be reported)."""
        call = event.query
        if spec is not DJANGO or event.write != "save" or event.via is not None or not (
                isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                and isinstance(call.func.value, cst.Name)):
            return ""
        attrs = uniform_assignments(event.loop.node, call.func.value.value, call)
        return ", ".join(f"`{a}`" for a in dict.fromkeys(attrs)) if attrs else ""

    @staticmethod
    def _relate_advice(event: LoopQuery) -> str:
        """``article.tags.add(tag)`` per row: one call with every object when the owner stays the same; the
        relation's ``through`` rows at once when it changes."""
        manager = event.query.func.value
        method = event.query.func.attr.value
        owner = dotted_name(manager.value) if isinstance(manager, cst.Attribute) else None
        if owner is not None and not names_read(manager.value) & event.loop.names:
            return (f"collect them and call `{short(manager, 40)}.{method}(*objs)` once after the loop "
                    f"(one call takes them all)")
        handed = {n for a in event.query.args for n in names_read(a.value)}
        if handed and not handed & event.loop.names:  # mailing_list.subscribers.add(user) for every list
            return (f"the object is the same every time: {method} every row in one call from its side of the "
                    f"relation (its related manager's `{method}(*rows)`)")
        return ("one call per owner takes all of its objects (`add(*objs)`); for many owners, `bulk_create()` "
                "the relation's `through` rows at once" if method == "add" else
                "delete the relation's `through` rows of every owner at once (`through.objects.filter(...).delete()`)")

    @staticmethod
    def _writes(write: Write | None) -> str:
        """What one call of the write does: a queryset's update() runs an UPDATE of every row it matches."""
        return f"runs {write.runs}" if write is not None and write.runs else "writes one row"

    @staticmethod
    def _keyed_advice(event: LoopQuery, spec: OrmSpec) -> str:
        """``filter_by(nvr=build).first()`` per row: the batch fetches by that column, not by id."""
        key = _lookup_key(event.query, spec)
        return spec.read_by_key_advice.format(key=key) if key and spec.read_by_key_advice else ""

    def _children_advice(self, event: LoopQuery, spec: OrmSpec) -> str:
        """``Comment.objects.filter(patch=p)`` per row: the rows of a reverse relation of ``p``'s model,
        which one prefetch loads for every row of the loop."""
        loader = spec.query.collection_loader
        found = self._reverse_accessor(event) if spec is DJANGO and loader else None
        if found is None:
            return ""
        parent, accessor = found
        return (f"prefetch them for every {parent} with `.{loader}(\"{accessor}\")` on the query of the "
                f"{parent} rows and read `{parent.lower()}.{accessor}.all()`")

    def _reverse_accessor(self, event: LoopQuery) -> tuple[str, str] | None:
        """(parent model, accessor) when the query is ``Child.objects.filter(<fk>=x)``, one foreign-key
        condition, possibly followed by ``.all()``/``.order_by()``/iteration."""
        node = event.query
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value in DJANGO.query.chain - DJANGO.query.conditions:
            node = node.func.value
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                and node.func.attr.value in DJANGO.query.conditions and event.model is not None):
            return None
        keywords = [a for a in node.args if a.keyword is not None]
        if len(keywords) != 1 or len(node.args) != 1:
            return None
        models = self.ctx.index.models
        rel = models.relation(event.model, keywords[0].keyword.value)
        target = models.target(rel) if rel is not None and rel.kind == "fk" and not rel.reverse else None
        accessor = models.reverse_accessor(event.model, rel) if target is not None else None
        return (target.name, accessor) if accessor else None


def _lookup_key(query: cst.CSTNode, spec: OrmSpec) -> str | None:
    """The one column a per-row lookup of one row matches exactly, when it is not the primary key: ``nvr`` of
    ``filter_by(nvr=x).first()``, ``get(slug=x)`` or ``where(M.nvr == x)``; None for several columns, a lookup
    of another kind (``email__iexact``), a primary key or anything else."""
    keys: set[str] = set()
    single = False
    node = query
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        method = node.func.attr.value
        single = single or method in spec.query.single
        for arg in node.args if method in spec.query.single | spec.query.conditions else ():
            if arg.keyword is not None:
                keys.add(arg.keyword.value)
            elif isinstance(arg.value, cst.Comparison) and len(arg.value.comparisons) == 1 and isinstance(
                    arg.value.comparisons[0].operator, cst.Equal) and isinstance(arg.value.left, cst.Attribute):
                keys.add(arg.value.left.attr.value)
            else:
                return None  # a condition it cannot read
        node = node.func.value
    key = keys.pop() if single and len(keys) == 1 else None  # one row per key: a dict of them answers the loop
    return key if key and "__" not in key and key not in ("id", "pk") else None
