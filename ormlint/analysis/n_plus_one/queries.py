"""What queries yield, what they eager-load, and what happens per loop iteration.

A small abstract interpretation of each function body: it tracks, per local name, the
model a query expression yields (Django managers/querysets, SQLAlchemy ``select()``/
``session.query()``/results, SQLModel ``session.exec``, Peewee ``select()``, Tortoise
querysets, Pony ``select(...)``), which relations the chain eager-loads, and which loop binds
an instance per iteration. What each ORM's methods do comes from its spec
(:mod:`ormlint.orms`): chain, single-row and running methods, loaders and what they load,
relation accessors, writes. It reports :class:`LazyLoad` (a relation loaded lazily per iteration, or on
an ``AsyncSession`` object) and :class:`LoopQuery` (an explicit query per iteration),
following helpers of the same module called in a loop one level deep. The three N+1
rules consume these events; results are computed once per module.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import libcst as cst

from ormlint.analysis.entry_points import EntryPoints
from ormlint.analysis.n_plus_one.raw import (
    RUNS_ONE,
    RawStatement,
    RawStatements,
    changes_schema,
    pasted_tables,
)
from ormlint.analysis.n_plus_one.raw import writes as raw_writes
from ormlint.api import CstFix, ImportSpec
from ormlint.index.call_sites import RECEIVER, CallerPrefetches, CallingFiles, EagerPaths, method_key
from ormlint.index.derived import derived_table
from ormlint.index.parameter_reads import EACH, ParameterReadsTable, reloaded
from ormlint.index.constants import LiteralCollections
from ormlint.index.effects import calls_remote, enqueued_when_called
from ormlint.index.facts import ClassFact, RelationFact
from ormlint.index.returns import query_per_call, returned_query, runs_job
from ormlint.index.session_expiry import constructed_expiry, session_expiry
from ormlint.orms import ORMS, spec_of
from ormlint.orms.commands import COMMANDS
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.web import FASTAPI
from ormlint.orms.spec import Loader, OrmSpec, any_matches
from ormlint.orms.sqlalchemy import SA, SA_FAMILY, SQLALCHEMY, is_sqlalchemy
from ormlint.orms.tortoise import TORTOISE_EXTRAS
from ormlint.syntax.literals import (
    GROWING_METHODS,
    body_statements,
    class_attributes,
    class_methods,
    is_literal_collection,
    keyword,
    memoised,
)
from ormlint.syntax.literals import positional as _positional
from ormlint.syntax.literals import string_items
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import assigned_targets, decorated_with, dotted_name, is_from, mapping_of_keys
from ormlint.syntax.names import target_names as _target_names
from ormlint.syntax.walk import children as walk_children
from ormlint.syntax.walk import descendants, ending_jump, leaves_loop, subclasses
from ormlint.syntax.walk import visit as walk_visit
from ormlint.syntax.walk import statements as statements_below
from ormlint.syntax.walk import scope_nodes

_SA_SESSION_CLASSES = (*SA.session_classes, *SA.scoped_sessions)
# the chain of an awaited relation read: ``await writer.articles.all().count()``
_AWAITED_CHAIN = frozenset(m for spec in ORMS if spec.relations.read_by_await for m in spec.query.chain)
_SHORTCUTS = DJANGO_EXTRAS.shortcuts
_SELECT = frozenset(name for names in SQLALCHEMY.query.functions for name in names.names)
_PRIMARY_KEYS = ("pk", "id")  # an object's key: cleared (``obj.pk = None``), its save() inserts a copy
_INSTANCE_WRITES = frozenset(m for spec in ORMS for w in spec.writes if "instance" in w.on for m in w.methods)
COLLECTION_WRAPPERS = frozenset({"list", "sorted", "tuple", "set", "reversed", "frozenset"})
_SERVICE_LOOKUPS = frozenset({"find_service"})  # pyramid_services: request.find_service(Repo) gives a Repo
# annotations of a parameter holding several objects of one type: ``list[Cart]``, ``Sequence[Cart]``
_COLLECTION_ANNOTATIONS = frozenset({"list", "List", "Sequence", "Iterable", "Iterator", "Collection", "set", "Set"})
BATCH_WORDS = ("batch", "chunk", "page", "slice")
_TAKES_ELEMENT = frozenset({"pop", "popleft", "popitem"})  # list/deque/dict methods removing an element
_LOCKS = frozenset(m for spec in ORMS for m in spec.query.locks)
# objects holding configuration: iterating one of their collections is not iterating rows
_CONFIGURATION = (DJANGO_EXTRAS.settings, DJANGO_EXTRAS.app_registry, "sys.argv", "os.environ",
                  "importlib.metadata.entry_points", "pkg_resources.iter_entry_points")  # also installed apps, plugins
_LOCK_KEYWORDS = frozenset(k for spec in ORMS for k in spec.query.lock_keywords)
# calls that wait on every round of a while loop: a timer, or a person at the terminal (a prompt until valid)
_PACING = frozenset({"sleep", "input", "getpass", "prompt"})
# tenacity's iterators of attempts: ``for attempt in Retrying(stop=...): with attempt: ...``
_RETRY_LIBRARY, _RETRY_ITERATORS = "tenacity", frozenset({"Retrying", "AsyncRetrying"})
# builtins that hand back the elements of their first argument (or pairs holding them)
_SAME_ELEMENTS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "reversed", "enumerate"})
FEW = 20  # a slice with literal bounds at most this wide (``rows[:5]``) holds a handful of items, whatever rows is
# what a loop that counts attempts iterates: ``for _ in range(MAX_TRIES)``, ``for attempt in itertools.count()``
_ATTEMPT_COUNTERS = frozenset({"range", "itertools.count"})
# writes that change the rows their query selects: repeated per row only when that selection depends on the row
_ROW_SELECTING_WRITES = frozenset({"update", "delete"})
# Queries kept per key in a cache the loop fills run once per distinct key: reads, and writes that make (or
# find) the one row of a key (``if name not in seen: seen[name] = Category.objects.create(name=name)``).
_ONE_ROW_PER_KEY = frozenset({"", "create", "get_or_create"})
_STATEMENTS = frozenset(t for base in (cst.BaseStatement, cst.BaseSmallStatement, cst.BaseSuite)
                        for t in subclasses(base))  # scan() stays within expressions


@dataclass(frozen=True)
class Load:
    """How a query loads its rows: eager paths, and where a fix can add one."""

    orm: str
    eager: frozenset[str] = frozenset()  # "__"-joined relation paths
    everything: bool = False  # select_related() without arguments / a "*" loader
    opaque: bool = False  # eager loading unknowable (custom methods, *options)
    anchor: cst.BaseExpression | None = None  # expression to extend with the eager load
    calls: tuple[tuple[str, cst.Call], ...] = ()  # select_related/prefetch_related/options calls to merge into
    model_expr: cst.BaseExpression | None = None  # SQLAlchemy: how the query names its model
    fixable: bool = True
    reshaped_by: str = ""  # the query method that keeps the fix from being written for it (``iterator``)
    is_async: bool = False  # loaded through an AsyncSession
    local: bool = True  # built in the function being analysed
    session: str = ""  # the session the rows belong to, as written ("session", "self.db")
    iterates: bool = False  # iterating the query object runs it, for an ORM whose statements do not (a legacy Query)
    lazy: frozenset[str] = frozenset()  # paths a loader chain passes through without loading them
    # the rows' own attributes (relations or key columns) that the query's conditions fix to one value, or to NULL
    fixed: frozenset[str] = frozenset()
    null: frozenset[str] = frozenset()
    # the columns a query chose: only these (besides the key) by .only()/load_only(), these left out by
    # .defer()/defer(), these asked for by name (only, undefer); unknown when a column option cannot be read
    columns: frozenset[str] | None = None
    deferred: frozenset[str] = frozenset()
    undeferred: frozenset[str] = frozenset()
    columns_known: bool = True
    given: str = ""  # the parameter of the function being analysed that handed in these rows ("self" too)
    given_path: tuple[str, ...] = ()  # the relations followed from that parameter to the query of these rows

    def with_columns(self, effect: str, names: frozenset[str] | None) -> "Load":
        """This load after ``.only(names)`` / ``.defer(names)`` / ``undefer(names)`` (None: names not readable)."""
        if names is None:
            return replace(self, columns_known=False)
        if effect == "only":
            return replace(self, columns=names, deferred=self.deferred - names, undeferred=self.undeferred | names)
        if effect == "defer":
            columns = self.columns - names if self.columns is not None else None
            return replace(self, columns=columns, deferred=self.deferred | names, undeferred=self.undeferred - names)
        return replace(self, deferred=self.deferred - names, undeferred=self.undeferred | names)

    def left_out(self, column: str, deferred_by_default: bool) -> str:
        """Why the rows come without ``column`` (only | defer | default), "" when they hold it."""
        if not self.columns_known or self.opaque:
            return ""
        if column in self.deferred:
            return "defer"
        if self.columns is not None and column not in self.columns:
            return "only"
        return "default" if deferred_by_default and column not in self.undeferred else ""

    def covers(self, path: tuple[str, ...]) -> bool:
        joined = "__".join(path)
        if joined in self.lazy and joined not in self.eager:
            return False  # defaultload(A.b).selectinload(B.c): b itself stays lazy
        return self.everything or self.opaque or any(e == joined or e.startswith(joined + "__") for e in self.eager)


@dataclass(frozen=True)
class Val:
    """A model-typed value: a query/collection of rows (many) or one instance."""

    model: ClassFact
    many: bool
    load: Load
    prefix: tuple[str, ...] = ()  # relations followed from the query's model to this one
    prefix_many: tuple[bool, ...] = ()  # whether each of those relations is a collection
    loop: cst.CSTNode | None = None  # the loop that binds a new instance per iteration
    stmt: bool = False  # a SQLAlchemy select() that is not executed yet
    relation: RelationFact | None = None  # this collection is a relation accessor (parent.rel)
    receiver: "Val | None" = None  # the instance the relation was read on
    from_relation: bool = False  # a queryset built on a relation accessor (parent.rel.filter())
    expired: cst.Call | None = None  # the ``await session.commit()`` that expired this object
    rows: bool = False  # dicts/tuples/scalars (Django values()/values_list()): a query, not instances
    entities: tuple = ()  # select(A, B, func.count(...)): the model (or None) of each column of a row
    keyed: bool = False  # a dict of these rows by some key: {b.pk: b for b in qs}
    # one row fetched by a query of its own (``get()``, ``first()``, ``session.get()``): fetched in a loop,
    # that query is the per-iteration cost (ORM102) and the relations read on it come with each fetch
    fetched: bool = False
    empty: bool = False  # a query of no rows (Django ``none()``): loads nothing, runs nothing
    listed: bool = False  # a list of rows fetched earlier (one group of a dict of lists): testing it runs nothing
    # rows a Django related manager hands out (``plan.splits.filter(...)``, or its prefetch): each row's foreign key
    # back (``parent_via``: ``payment_plan``) holds the parent object itself, with whatever it loaded
    parent: "Val | None" = None
    parent_via: str = ""


@dataclass(frozen=True)
class ModelRef:
    model: ClassFact


@dataclass(frozen=True)
class Enumerated:
    inner: "Val | Zipped"


@dataclass(frozen=True)
class Paged:
    """One page of rows: a Django ``Paginator`` or its ``Page``, a Flask-SQLAlchemy ``Pagination``. Iterating it,
    or reading its list (``page.object_list``, ``pagination.items``), gives the rows of one page."""

    rows: "Val"


@dataclass(frozen=True)
class Zipped:
    """``zip(a, b)``: one element of each per iteration."""

    parts: tuple


@dataclass(frozen=True)
class Collected:
    """A list (``rows = []``) or a dict of lists (``defaultdict(list)``, ``{}`` with ``setdefault``) being filled
    with ``append``/``extend``: the rows put in it so far, as one collection (None: none yet, or not rows)."""

    rows: "Val | None" = None
    grouped: bool = False  # a dict of lists: by_customer[order.customer_id].append(order)
    mixed: bool = False  # something other than rows of one model went in: what it holds is unknown

    def add(self, rows) -> "Collected":
        """This collection after adding ``rows`` (a Val of many rows)."""
        if self.mixed or not isinstance(rows, Val) or not rows.many or rows.stmt or rows.rows or rows.keyed:
            return replace(self, rows=None, mixed=True)
        rows = replace(rows, loop=None, relation=None, receiver=None, fetched=False)
        common = _common(self.rows, rows) if self.rows is not None else rows
        return replace(self, rows=common, mixed=common is None)


@dataclass(frozen=True)
class Groups:
    """Iterating a dict of lists: each element a list of rows (``values()``), or a (key, list) pair (``items()``)."""

    rows: "Val"
    pairs: bool


def _common(a: "Val", b: "Val") -> "Val | None":
    """Rows of both ``a`` and ``b`` in one collection: what both eager-load (None: different models)."""
    if a.model.qualname != b.model.qualname:
        return None
    load = replace(a.load, eager=a.load.eager & b.load.eager, everything=a.load.everything and b.load.everything,
                   opaque=a.load.opaque or b.load.opaque, fixable=False)
    return replace(a, load=load)


# Text a file must contain to hold something that repeats per row: loops, lambdas given rows
# (map, sorted), DRF serializers and admin changelist columns (called once per object), routes whose
# response model validates each returned object.
PER_ROW_HINTS = ("for ", "while ", "lambda", "Serializer", "list_display", "ModelAdmin", "ChoiceField", *FASTAPI.hints)

TEXT_METHOD = "__str__"  # what str(obj) and f"{obj}" run
_RESULT_CACHE_READS = frozenset(name for spec in ORMS for name in spec.query.result_cache_reads)

# Builtins that call a lambda once per element: name -> where the lambda is (an index, or "key").
LAMBDA_CALLERS = {"map": 0, "filter": 0, "sorted": "key", "max": "key", "min": "key", "groupby": "key"}


@dataclass(frozen=True)
class Row:
    """A SQLAlchemy ``Row`` of an entity select: ``row.Post`` / ``row[0]`` is the instance."""

    entity: Val


@dataclass
class Loop:
    node: cst.CSTNode
    label: str
    names: frozenset[str]
    once: bool = False  # its body leaves the loop (return/break/raise) after the statement at hand
    per_object: bool = False  # not a loop: a method a framework calls once per object (label says which)
    caller: bool = False  # the caller's loop around a helper (or per-object method) being analysed
    bounded: str = ""  # why what it iterates is not rows, or why one query per element is deliberate ("" : rows)
    admin: str = ""  # the Django model admin whose changelist runs it once per row


def _reads_column(expr: cst.BaseExpression, owner: cst.BaseExpression, column: str) -> bool:
    """``owner.column`` or ``getattr(owner, "column", ...)``, the same ``owner`` as written."""
    if isinstance(expr, cst.Attribute):
        return expr.attr.value == column and _code(expr.value) == _code(owner)
    if isinstance(expr, cst.Call) and dotted_name(expr.func) == "getattr" and len(expr.args) >= 2:
        return _code(expr.args[0].value) == _code(owner) and _string(expr.args[1].value) == column
    return False


def per_iteration(loop: Loop, positions) -> str:
    """How a message names one repetition: "iteration of the `for x in xs` loop (line 4)"."""
    if loop.per_object:
        return loop.label
    return f"iteration of the {loop.label} (line {positions[loop.node].start.line})"


@dataclass
class LazyLoad:
    node: cst.CSTNode  # where to report
    access: cst.CSTNode  # the lazy access itself (in a helper, when via is set)
    owner: Val  # the instance the relation is read on
    relation: RelationFact
    loop: Loop | None
    mode: str  # attr | manager | requery | await
    method: str = ""
    via: cst.Call | None = None  # the helper call in the loop
    member: str = ""  # the model method/property that reads the relation ("Order.total")

    @property
    def key(self) -> str:
        """What is loaded, for reporting each load once."""
        return self.relation.name

    @property
    def walk(self) -> bool:
        """A ``while`` loop walking a self-referencing relation (``node = node.parent``): one query per level."""
        return self.loop is not None and isinstance(self.loop.node, cst.While) \
            and self.relation.target == self.owner.model.qualname and not self.relation.many


@dataclass
class DeferredRead:
    """A column the rows' query left out (``.only()``/``.defer()``, ``load_only()``/``defer()``, or one the model
    defers) read on each row of a loop: the ORM loads it with a query of its own, per row."""

    node: cst.CSTNode  # where to report
    access: cst.CSTNode  # the column read (in a helper, when via is set)
    owner: Val
    column: str
    why: str  # only | defer | default (deferred by the model)
    loop: Loop
    via: cst.Call | None = None

    @property
    def key(self) -> str:
        return f"column {self.column}"


@dataclass
class LoopQuery:
    node: cst.CSTNode
    query: cst.CSTNode
    loop: Loop
    orm: str
    model: ClassFact | None
    write: str = ""  # a Write.kind of the ORM's spec ("" for reads)
    via: cst.Call | None = None
    locked: bool = False  # the query locks its row, or runs inside a lock entered per iteration
    raw: RawStatement | None = None  # SQL text run through a driver (or ``text()``): how it takes parameters
    chain: bool = False  # a walk: each lookup's key comes from the row the previous iteration fetched
    returned: bool = False  # ``via`` builds the query and hands it back; the loop runs it


@dataclass
class ExpiredRead:
    node: cst.CSTNode  # the attribute read (or the schema validation) after the commit
    owner: Val
    commit: cst.Call  # the ``session.commit()`` call (its Await's expression)
    session: str  # how the session is named, e.g. "session"
    obj: cst.BaseExpression  # the expired object as written
    attr: str = ""  # the attribute read; "" for a schema reading all its fields


@dataclass
class Analysis:
    lazy: list[LazyLoad] = field(default_factory=list)
    queries: list[LoopQuery] = field(default_factory=list)
    expired: list[ExpiredRead] = field(default_factory=list)
    deferred: list[DeferredRead] = field(default_factory=list)
    followed: set[int] = field(default_factory=set)  # helpers analysed with a caller's queryset argument
    raw: RawStatements | None = None  # the module's driver executions, found on first use
    seen: set[tuple[int, str]] = field(default_factory=set)

    def add(self, event: "LazyLoad | DeferredRead | LoopQuery") -> None:
        """Record an event once: a helper's code may be analysed both alone and with a caller's query. A to-one
        relation of a loop's row, once loaded, stays on the object for the rest of the iteration, whichever
        helper (or column of an admin changelist) reads it next: only its first load counts (a manager's query
        runs again in every helper)."""
        key = (id(event.node), "query" if isinstance(event, LoopQuery) else event.key)
        row = None
        if isinstance(event, LazyLoad) and event.mode == "attr" and event.loop is not None \
                and event.owner.loop is not None:  # a changelist's columns all read the same row object
            row = (event.loop.admin, event.owner.prefix, event.key) if event.loop.admin else (
                id(event.loop.node), id(event.owner.loop), event.owner.prefix, event.key)
        if key not in self.seen and row not in self.seen:
            self.seen.add(key)
            if row is not None:
                self.seen.add(row)
            {LazyLoad: self.lazy, DeferredRead: self.deferred, LoopQuery: self.queries}[type(event)].append(event)


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def short(node: cst.CSTNode, limit: int = 60) -> str:
    text = " ".join(_code(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _method(call: cst.CSTNode) -> tuple[cst.BaseExpression, str] | None:
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
        return call.func.value, call.func.attr.value
    return None


def names_read(node: cst.CSTNode) -> set[str]:
    """The names ``node`` reads of its surroundings: not attribute names, nor the variables of comprehensions
    inside it."""
    return _names_in(node, own_comprehension_names=False)


def _names_in(node: cst.CSTNode, own_comprehension_names: bool = True) -> set[str]:
    """The names ``node`` reads (not attribute names); without ``own_comprehension_names``, not the
    variables of comprehensions inside it (``i`` of ``[i.split("-")[0] for i in ids]``)."""
    out: set[str] = set()
    comprehensions: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            out.add(n.value)

        def visit_Attribute(self, n: cst.Attribute) -> bool:
            walk_visit(n.value, self)
            return False

        def visit_CompFor(self, n: cst.CompFor) -> None:
            comprehensions.update(_target_names(n.target))

    walk_visit(node, _Names())
    return out if own_comprehension_names else out - comprehensions


def uniform_assignments(loop: cst.CSTNode, name: str, save: cst.CSTNode) -> tuple[str, ...]:
    """The attributes the loop's body sets on ``name`` (``user.is_active = False``) before ``save``, all in
    statements of the body's own block, when every value is the same for all iterations (it reads no name
    the loop binds): the rows all get the same values, which one UPDATE of them all writes. Empty when a
    value varies, an assignment or the save is conditional, a call is made on the object or handed it (which
    may set more), or nothing is set."""
    body = loop.body if isinstance(loop, (cst.For, cst.While)) else None
    if not isinstance(body, cst.IndentedBlock):
        return ()
    own = [small for line in body.body if isinstance(line, cst.SimpleStatementLine) for small in line.body]
    if not any(save is node for small in own for node in descendants(small)):
        return ()  # saved in a branch: only some rows
    if any(isinstance(node, cst.Call) and node is not save and _handles(node, name) for node in descendants(body)):
        return ()  # ``self.set_x_y(qi, detected)``, ``qi.image.save(...)``: set per row by a call
    bound = _bound_names(loop)
    attrs = []
    for node in descendants(body):
        if not isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
            continue
        targets = assigned_targets(node)
        mine = [attr for t in targets if (attr := _attribute_of(t, name))]
        if not mine:
            continue
        if not any(node is small for small in own) or isinstance(node, cst.AugAssign) or len(mine) != len(targets) \
                or node.value is None or _names_in(node.value) & bound:
            return ()  # in a branch, from its own value, or a value of this iteration
        attrs.extend(mine)
    return tuple(attrs)


def _attribute_of(target: cst.BaseExpression, name: str) -> str:
    """``attr`` for a target ``name.attr``; "" for any other."""
    return target.attr.value if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) \
        and target.value.value == name else ""


def _handles(call: cst.Call, name: str) -> bool:
    """Whether ``call`` is made on the object ``name`` (or one of its attributes) or is handed it."""
    roots = [call.func.value] if isinstance(call.func, cst.Attribute) else []
    roots += [arg.value for arg in call.args]
    for root in roots:
        while isinstance(root, (cst.Attribute, cst.Subscript)):
            root = root.value
        if isinstance(root, cst.Name) and root.value == name:
            return True
    return False


def _bound_names(node: cst.CSTNode) -> set[str]:
    """Names a loop rebinds per iteration: its targets and everything assigned in its body."""
    out: set[str] = set()

    class _Targets(cst.CSTVisitor):
        def _add(self, target: cst.CSTNode) -> None:
            out.update(_target_names(target))

        def visit_AssignTarget(self, n: cst.AssignTarget) -> None:
            self._add(n.target)

        def visit_AnnAssign(self, n: cst.AnnAssign) -> None:
            self._add(n.target)

        def visit_AugAssign(self, n: cst.AugAssign) -> None:
            self._add(n.target)

        def visit_For(self, n: cst.For) -> None:
            self._add(n.target)

        def visit_CompFor(self, n: cst.CompFor) -> None:
            self._add(n.target)

        def visit_AsName(self, n: cst.AsName) -> None:
            self._add(n.name)

        def visit_NamedExpr(self, n: cst.NamedExpr) -> None:
            self._add(n.target)

        def visit_Call(self, n: cst.Call) -> None:  # while ids: ids.pop() takes a new element each time
            if isinstance(n.func, cst.Attribute) and n.func.attr.value in _TAKES_ELEMENT:
                self._add(n.func.value)

        def visit_FunctionDef(self, n: cst.FunctionDef) -> bool:
            return False

    walk_visit(node, _Targets())
    return out


def loop_label(node: cst.CSTNode) -> str:
    """How a message names a loop: "`for x in xs` loop", "`for x in xs` comprehension"."""
    if isinstance(node, cst.For):
        prefix = "async for" if node.asynchronous else "for"
        return f"`{prefix} {short(node.target, 30)} in {short(node.iter, 40)}` loop"
    if isinstance(node, cst.While):
        return f"`while {short(node.test, 40)}` loop"
    if isinstance(node, cst.CompFor):
        prefix = "async for" if node.asynchronous else "for"
        return f"`{prefix} {short(node.target, 30)} in {short(node.iter, 40)}` comprehension"
    return "loop"


def model_label(call: cst.BaseExpression) -> str | None:
    """The model a call loads by name: ``apps.get_model("shop", "Order")`` / ``get_model("shop.Order")`` give
    ``"shop.Order"``, ``get_user_model()`` the user model setting; None for any other expression."""
    if not isinstance(call, cst.Call):
        return None
    name = dotted_name(call.func) or ""
    if name in DJANGO_EXTRAS.get_user_model:
        return DJANGO_EXTRAS.user_model_setting
    if not name.endswith(DJANGO_EXTRAS.get_model):
        return None
    labels = [_string(a) for a in _positional(call)]
    if len(labels) == 2 and all(labels):
        return f"{labels[0]}.{labels[1]}"
    if len(labels) == 1 and labels[0] and labels[0].count(".") == 1:
        return labels[0]
    return None


class ModuleInfo:
    """Functions and classes of the module, for following helpers and class-based views."""

    def __init__(self, module: cst.Module) -> None:
        self.functions: dict[str, cst.FunctionDef] = {}
        self.classes: dict[str, cst.ClassDef] = {}
        self.loaded_models: dict[str, str] = {}  # Product = get_model("catalogue", "Product")
        self.aliased: dict[str, cst.BaseExpression] = {}  # Manager = aliased(Employee): the entity it stands for
        self._entry_points: EntryPoints | None = None
        self._mentions: dict[str, list[cst.Call | None]] | None = None  # each module function's mentions: calls
        top = cst.IndentedBlock(body=[s for s in module.body if not isinstance(s, (cst.FunctionDef, cst.ClassDef))])
        self.literals = literal_names(top)  # module-level names bound only to literal collections
        assigned, _ = _bindings(top)
        # LOOKUPS = ["author", "tags__owner"]: lookups a loader spreads with *LOOKUPS
        self.string_lists = {name: tuple(texts) for name, values in assigned.items() if name in self.literals
                             and len(values) == 1 and isinstance(values[0], (cst.List, cst.Tuple))
                             and None not in (texts := [_string(e.value) for e in values[0].elements])}
        for stmt in module.body:
            if isinstance(stmt, cst.FunctionDef):
                self.functions[stmt.name.value] = stmt
            elif isinstance(stmt, cst.ClassDef):
                self.classes[stmt.name.value] = stmt
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and len(small.targets) == 1:
                        self._loaded(small.targets[0].target, small.value)
                        target = small.targets[0].target
                        if isinstance(target, cst.Name) and isinstance(small.value, cst.Name) \
                                and small.value.value in self.functions:  # patch_to_mbox = _submission_to_mbox
                            self.functions.setdefault(target.value, self.functions[small.value.value])

    def _loaded(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple):
            for left, right in zip(target.elements, value.elements):
                self._loaded(left.value, right.value)
            return
        label = model_label(value) if isinstance(target, cst.Name) else None
        if label is not None:
            self.loaded_models[target.value] = label
        elif isinstance(target, cst.Name) and isinstance(value, cst.Call) and \
                (dotted_name(value.func) or "").rsplit(".", 1)[-1] == SA.aliased and value.args:
            self.aliased[target.value] = value.args[0].value  # Manager = aliased(Employee)

    def entry_points(self, ctx) -> EntryPoints:
        """The module's command-line entry points (found on first use)."""
        if self._entry_points is None:
            self._entry_points = EntryPoints(ctx.module, ctx.imports, ctx.path)
        return self._entry_points

    def command_arguments(self, ctx, func: cst.FunctionDef) -> frozenset[str]:
        """Parameters of the module function ``func`` that every use of it fills with a command-line argument:
        no other file calls it, and every mention of it here is a call by a command (click/typer, a Django
        command's ``handle()``) passing one of the command's own parameters (``create_tags(names)`` in
        ``create_cmd(names)``) or an item of one (``options["names"]``)."""
        callers = ctx.index.derived(CallingFiles).files.get(f"{ctx.module_name}.{func.name.value}", set())
        if callers - {ctx.path}:
            return frozenset()
        if self._mentions is None:
            self._mentions = {}
            for node in descendants(ctx.module):
                if isinstance(node, cst.Name) and node.value in self.functions \
                        and node is not self.functions[node.value].name:
                    parent = ctx.parent(node)
                    self._mentions.setdefault(node.value, []).append(
                        parent if isinstance(parent, cst.Call) and parent.func is node else None)
        calls = self._mentions.get(func.name.value, [])
        if not calls or None in calls:
            return frozenset()  # never called here, or handed on: called with anything
        params = [p.name.value for p in (*func.params.posonly_params, *func.params.params)]
        fed = set(params) | {p.name.value for p in func.params.kwonly_params}
        for call in calls:
            command = self._command(ctx, call)
            given = {**dict(zip(params, (a.value for a in call.args if a.keyword is None and not a.star))),
                     **{a.keyword.value: a.value for a in call.args if a.keyword is not None}}
            fed &= {name for name, value in given.items() if command and _argument_of(value, command)}
        return frozenset(fed)

    def _command(self, ctx, call: cst.Call) -> frozenset[str]:
        """The parameters of the command whose run makes ``call`` (none: not in a command)."""
        scopes = [a for a in ctx.ancestors(call) if isinstance(a, (cst.FunctionDef, cst.ClassDef, cst.Lambda))]
        function = scopes[0] if scopes else None
        if not isinstance(function, cst.FunctionDef):
            return frozenset()
        klass = scopes[1] if len(scopes) > 1 and isinstance(scopes[1], cst.ClassDef) else None
        if len(scopes) > (2 if klass else 1) or not self.entry_points(ctx).runs_until_exit(function, klass):
            return frozenset()
        params = function.params
        return frozenset(p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params,
                                                params.star_arg, params.star_kwarg)
                         if isinstance(p, cst.Param)) - {"self", "cls"}

    methods = staticmethod(class_methods)
    attributes = staticmethod(class_attributes)


@derived_table
class DjangoModelsByName:
    """Project-wide: the Django model a parameter's name names (``order_line`` -> ``OrderLine``, ``xform`` ->
    ``XForm``), when one concrete model of the project has that name: an untyped ``def receipt(order)`` is
    handed an Order."""

    def __init__(self, index) -> None:
        found: dict[str, list[ClassFact]] = {}
        for model in index.models.models():
            if index.models.orm_of(model) == DJANGO.name and index.models.is_concrete(model):
                found.setdefault(model.name.lower(), []).append(model)
        self.by_name = {name: models[0] for name, models in found.items() if len(models) == 1}

    def named(self, parameter: str) -> ClassFact | None:
        if parameter in ("self", "cls") or not parameter.islower():
            return None
        return self.by_name.get(parameter.replace("_", ""))


class Analyzer:
    """Walks one function body (or a helper called from a loop) and collects events."""

    def __init__(self, ctx, info: ModuleInfo, analysis: Analysis, cls: cst.ClassDef | None = None,
                 via: cst.Call | None = None, local_anchors: bool = True, quiet: bool = False) -> None:
        self.ctx = ctx
        self.models = ctx.index.models
        # a module using another ORM than Django: a parameter named like a Django model may be that ORM's object
        self.other_orms = ctx.imports.imports_from(*(p for spec in ORMS if spec.name != DJANGO.name for p in spec.packages))
        self.info = info
        self.analysis = analysis
        self.cls = cls
        self.via = via  # the call in the caller's loop, when analysing a helper
        self.local_anchors = local_anchors
        self.quiet = quiet  # only infer return values: no events, no helpers
        self.helper_params: frozenset[str] = frozenset()
        self._self_rows: dict[str, Val | None] = {}  # _kept_on_self's answers, by attribute
        # a helper's parameters holding a query the caller's loop built anew: (that query, that loop)
        self.handed: dict[str, tuple[cst.BaseExpression, Loop]] = {}
        self.nested: dict[str, cst.FunctionDef] = {}  # the functions the analysed function defines in its body
        self.caller_loop: cst.CSTNode | None = None  # report only per iteration of this one (helpers, per-object)
        self.returns: list[Val | None] = []
        self.reported: set[tuple[int, str]] = set()
        self.is_async = False
        self.session_expires: dict[str, bool | None] = {}  # session name -> expire_on_commit, where known
        self.constructed: dict[str, ClassFact] = {}  # obj = Model(...): SQLAlchemy/SQLModel instances built here
        self.in_session: dict[str, bool] = {}  # SQLAlchemy models whose rows this function loaded -> all of them
        self.session_names: set[str] = set()  # names annotated as a Session/AsyncSession
        self.instances: dict[str, cst.ClassDef] = {}  # repo = Repository(...): instances of this module's classes
        self.foreign_instances: dict[str, str] = {}  # repo = Repository(...) of an imported class: its qualname
        self.prefetches: dict[str, cst.Call] = {}  # approved = Prefetch("reviews", ...), used later
        self.view_contexts: set[str] = set()  # context = super().get_context_data(**kwargs)
        self.statements: dict[str, cst.BaseExpression] = {}  # stmt = select(func.count(...)).where(...)
        self.literals: frozenset[str] = frozenset()  # names this function binds only to literal collections
        # names it binds only to collections fixed by the code or the configuration (``pending = rows[:5]``,
        # ``roles = settings.ROLE_MAP.get(key, [])``)
        self.bounded_names: frozenset[str] = frozenset()
        self.variadic: frozenset[str] = frozenset()  # its *args and **kwargs (a command's options)
        self.counts: dict[str, cst.BaseExpression] = {}  # parameters with a default: ``max_num=15``
        self.route: tuple[str, ClassFact] | None = None  # a FastAPI route's name and the schema of each object
        self.loaded_per_row: dict[int, set[str]] = {}  # id(loop) -> relation paths its rows had loaded by a read
        self.unloaded: dict[str, Val] = {}  # collections whose rows keep relations a loop read: as they were before

    def known_instances(self, func: cst.FunctionDef, cls: cst.ClassDef | None) -> dict:
        """Parameters that hold one model instance: ``self`` in a model's own methods, ``instance``
        in a signal receiver (``@receiver(post_save, sender=Order)``), one annotated with a model, and an
        untyped one named for a Django model of the project (``def receipt(order)``)."""
        env: dict = {}
        module = self.ctx.module_name
        model = self.models.model(f"{module}.{cls.name.value}" if module else cls.name.value) if cls is not None else None
        params = [p.name.value for p in func.params.params]
        if model is not None and params and params[0] == "self" and not any(
                (dotted_name(d.decorator) or "").endswith(("staticmethod", "classmethod")) for d in func.decorators):
            env["self"] = self._given(model, many=False, param="self")
        for param in func.params.params:
            annotation = param.annotation.annotation if param.annotation is not None else None
            model = self._annotated_model(annotation) if annotation is not None else None
            rows = self._annotated_rows(annotation) if annotation is not None and model is None else None
            if model is not None and param.name.value not in env:  # def total(cart: Cart)
                env[param.name.value] = self._given(model, many=False, param=param.name.value)
            elif rows is not None and param.name.value not in env:  # def dictize(carts: list[Cart])
                # the caller may have eager-loaded their relations; a query per element runs whatever it loaded
                env[param.name.value] = Val(rows, True, Load(self.orm(rows), fixable=False, local=False, opaque=True))
            elif isinstance(annotation, (cst.Name, cst.Attribute)):  # def labels(repo: OrderRepository)
                local = self.info.classes.get(annotation.value) if isinstance(annotation, cst.Name) else None
                if local is not None:
                    self.instances[param.name.value] = local
                elif (imported := self._imported_class(annotation)) is not None:
                    self.foreign_instances[param.name.value] = imported
            elif annotation is None and param.name.value not in env and not self.other_orms and (
                    named := self.ctx.index.derived(DjangoModelsByName).named(param.name.value)) is not None:
                env[param.name.value] = self._given(named, many=False, param=param.name.value)  # def text(order)
        for decorator in func.decorators:
            call = decorator.decorator if isinstance(decorator.decorator, cst.Call) else None
            sender = keyword(call, "sender")
            model = self.model_ref(sender, {}) if sender is not None else None
            if model is not None and "instance" in params:
                env["instance"] = self._given(model, many=False)
        return env

    def _given(self, model: ClassFact, many: bool, param: str = "") -> Val:
        """Rows or an instance handed in from elsewhere (by ``param``): how they were loaded is not known here."""
        return Val(model, many, Load(self.orm(model), fixable=False, local=False, given=param))

    def _annotated_model(self, annotation: cst.BaseExpression) -> ClassFact | None:
        """The model of ``Cart``, ``"Cart"``, ``Optional[Cart]``, ``Cart | None`` (not collections)."""
        if isinstance(annotation, cst.BinaryOperation):  # Cart | None
            sides = [s for s in (annotation.left, annotation.right) if dotted_name(s) != "None"]
            return self._annotated_model(sides[0]) if len(sides) == 1 else None
        if isinstance(annotation, cst.Subscript) and (dotted_name(annotation.value) or "").endswith("Optional") \
                and len(annotation.slice) == 1 and isinstance(annotation.slice[0].slice, cst.Index):
            return self._annotated_model(annotation.slice[0].slice.value)
        text = _string(annotation)
        if text is not None:
            try:
                annotation = cst.parse_expression(text)
            except cst.ParserSyntaxError:
                return None
        return self.model_ref(annotation, {}) if isinstance(annotation, (cst.Name, cst.Attribute)) else None

    def _annotated_rows(self, annotation: cst.BaseExpression) -> ClassFact | None:
        """The model of the elements of ``list[Cart]``, ``Sequence["Cart"]``, ``Iterable[Cart]``: rows handed in."""
        if not isinstance(annotation, cst.Subscript) or \
                (dotted_name(annotation.value) or "").rsplit(".", 1)[-1] not in _COLLECTION_ANNOTATIONS:
            return None
        first = annotation.slice[0].slice if annotation.slice else None
        return self._annotated_model(first.value) if isinstance(first, cst.Index) else None

    # -- model references ----------------------------------------------------------
    def model_ref(self, expr: cst.BaseExpression, env: dict) -> ClassFact | None:
        """The model ``expr`` names: imported or defined here, loaded by ``apps.get_model(...)``, or an
        ``aliased(...)`` entity of it (bound in this function or at module level)."""
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        if dotted.split(".", 1)[0] in env:
            value = env.get(dotted)
            return value.model if isinstance(value, ModelRef) else None
        if dotted in self.info.aliased:
            return self.model_ref(self.info.aliased[dotted], {})
        qualified = self.ctx.imports.qualify_dotted(dotted)
        if qualified is None and dotted in self.info.loaded_models:
            qualified = self.info.loaded_models[dotted]
        elif qualified is None:
            if "." in dotted or dotted not in self.info.classes:
                return None
            qualified = f"{self.ctx.module_name}.{dotted}" if self.ctx.module_name else dotted
        fact = self.models.model(qualified)
        if fact is None or not self.models.is_concrete(fact):
            return None
        return fact

    def orm(self, model: ClassFact) -> str:
        return self.models.orm_of(model) or ""

    def _load(self, orm: str, anchor=None, **kwargs) -> Load:
        return Load(orm, anchor=anchor, local=self.local_anchors, **kwargs)

    # -- inference -------------------------------------------------------------------
    def infer(self, expr: cst.BaseExpression | None, env: dict):
        if expr is None:
            return None
        if isinstance(expr, cst.Name):
            if expr.value in env:
                value = env[expr.value]
                return value.rows if isinstance(value, Collected) and not value.grouped else value
            model = self.model_ref(expr, env)
            return ModelRef(model) if model else None
        if isinstance(expr, (cst.List, cst.Dict)) and not expr.elements:
            return Collected(grouped=isinstance(expr, cst.Dict))  # rows = [], groups = {}
        if isinstance(expr, cst.Await):
            value = self.infer(expr.expression, env)
            return value
        if isinstance(expr, cst.Attribute):
            return self._infer_attribute(expr, env)
        if isinstance(expr, cst.Subscript):
            if isinstance(expr.value, cst.Name) and expr.value.value in self.view_contexts and len(expr.slice) == 1:
                key = expr.slice[0].slice
                if isinstance(key, cst.Index) and _string(key.value) in self._list_context_names():
                    return self._view_queryset()  # context["object_list"] in a ListView's get_context_data
            value = self.infer(expr.value, env)
            if isinstance(value, Collected) and value.grouped:
                return value.rows  # by_customer[key]: one group of rows
            if isinstance(value, ModelRef) and self._spec(self.orm(value.model)).query.subscript_one:
                return Val(value.model, False, self._load(self.orm(value.model), None, fixable=False), fetched=True)
            if isinstance(value, Row):
                index = expr.slice[0].slice if len(expr.slice) == 1 else None
                first = isinstance(index, cst.Index) and isinstance(index.value, cst.Integer) and index.value.value == "0"
                return value.entity if first else None
            if isinstance(value, Val) and value.keyed:
                return replace(value, many=False, keyed=False, relation=None)  # books[loan.book_id]
            if isinstance(value, Val) and value.many and not value.stmt:
                element = expr.slice[0].slice if len(expr.slice) == 1 else None
                if isinstance(element, cst.Slice):
                    return value
                if isinstance(element, cst.Index) and isinstance(element.value, cst.Integer) and not value.rows:
                    return replace(value, many=False, relation=None)
            return None
        if isinstance(expr, cst.Call):
            return self._infer_call(expr, env)
        if isinstance(expr, cst.DictComp) and len(_comp_fors(expr.for_in)) == 1 and not expr.for_in.ifs \
                and isinstance(expr.for_in.target, cst.Name) and isinstance(expr.value, cst.Name) \
                and expr.value.value == expr.for_in.target.value:
            value = self.infer(expr.for_in.iter, env)
            return replace(self._read_on_each(value, expr.for_in.target.value, expr.key), keyed=True) \
                if isinstance(value, Val) and value.many and not value.stmt and not value.rows else None
        if isinstance(expr, (cst.ListComp, cst.GeneratorExp)) and len(_comp_fors(expr.for_in)) == 1:
            comp = expr.for_in
            if isinstance(comp.target, cst.Name) and isinstance(expr.elt, cst.Name) and \
                    expr.elt.value == comp.target.value:
                value = self.infer(comp.iter, env)  # [o for o in qs if o.paid]: some of the same rows
                tested = _first_operand(comp.ifs[0].test) if comp.ifs else None
                return self._read_on_each(value, comp.target.value, tested) if isinstance(value, Val) else value
        return None

    def _read_on_each(self, rows: Val, name: str, expr: cst.BaseExpression | None) -> Val:
        """``rows`` whose objects the expression evaluated for each of them (a dict comprehension's key, a
        comprehension's first condition) read the relations of: ``{(b.transaction.date, b.amount): b for b in
        qs}``, ``[a for a in qs if hasattr(a, "usage")]``. Each object keeps what it loaded: those relations
        count as loaded on the rows the comprehension hands out."""
        if expr is None or rows.stmt or rows.rows:
            return rows
        read = set()
        for node in _subtree(expr):
            if isinstance(node, cst.Attribute) and dotted_name(node.value) == name:
                read.add(node.attr.value)
            elif isinstance(node, cst.Call) and dotted_name(node.func) == "hasattr" and len(node.args) == 2 \
                    and dotted_name(node.args[0].value) == name and _string(node.args[1].value):
                read.add(_string(node.args[1].value))
        paths = {"__".join((*rows.prefix, attr)) for attr in read
                 if self.models.relation(rows.model, attr) is not None}
        return replace(rows, load=replace(rows.load, eager=rows.load.eager | paths)) if paths else rows

    def _infer_attribute(self, expr: cst.Attribute, env: dict):
        attr = expr.attr.value
        if isinstance(expr.value, cst.Name) and expr.value.value == "self" and self.cls is not None:
            if attr in ("queryset", "object_list") and "self" not in env:
                return self._view_queryset()
            if attr == "model":
                model_expr = ModuleInfo.attributes(self.cls).get("model")
                model = self.model_ref(model_expr, {}) if model_expr is not None else None
                return ModelRef(model) if model else None
        if dotted_name(expr) in DJANGO_EXTRAS.request_user and env.get("request") is None:
            user = self.models.user_model()  # the same object on every iteration: its relations load once
            return Val(user, False, self._load(DJANGO.name, None, fixable=False)) if user is not None else None
        base = self.infer(expr.value, env)
        if base is None and isinstance(expr.value, cst.Name) and expr.value.value == "self" and self.cls is not None:
            kept = self._kept_on_self(attr)
            if kept is not None:
                return kept
        if base is None and isinstance(expr.value, (cst.Name, cst.Attribute)):
            model = self.model_ref(expr, env)  # models.User, after ``from . import models``
            return ModelRef(model) if model else None
        if isinstance(base, Paged):  # page.object_list, pagination.items: the page's rows
            return base.rows if attr in (DJANGO_EXTRAS.page_rows, SA.pagination_rows) else None
        if isinstance(base, Row):
            return base.entity if attr == base.entity.model.name else None
        if isinstance(base, ModelRef):
            model, orm = base.model, self.orm(base.model)
            spec = spec_of(orm)
            if spec is None or attr not in self.models.managers(model):
                return None
            loads = self.ctx.index.hooks.manager_loads(model) if spec.query.custom_methods else frozenset()
            return Val(model, True, self._load(orm, expr, opaque=loads is None, eager=loads or frozenset(),
                                               model_expr=expr.value))
        if isinstance(base, Val) and not base.many and not base.stmt:
            if base.parent is not None and attr == base.parent_via:
                return base.parent  # split.payment_plan of plan.splits' rows: ``plan`` itself
            rel = self.models.relation(base.model, attr)
            if rel is None and not base.prefix and attr in base.load.eager:
                return self._prefetched_list(base, attr)
            if rel is None:
                return self._property_query(expr, base)
            target = self.models.target(rel)
            if target is None:
                return None
            load = self._manager_loads(base.load, target, base.prefix + (attr,)) if rel.many else base.load
            back = self.models.relation(target, rel.reverse_name) if rel.many and rel.reverse_name else None
            if back is not None and not back.many and self._spec(rel.orm).query.identity_map:
                # each row's many-to-one back to ``base`` is found in the identity map, without SQL
                load = replace(load, eager=load.eager | {"__".join(base.prefix + (attr, back.name))})
            if self._spec(rel.orm).relations.one_to_one_knows_back:  # enrollment.license.enrollment: ``base`` itself
                load = replace(load, eager=load.eager | {"__".join((*base.prefix, back))
                                                         for back in self._one_to_one_backs(base.model, attr)})
            return Val(target, rel.many, load, base.prefix + (attr,), base.prefix_many + (rel.many,),
                       base.loop, relation=rel, receiver=base)
        return None

    def _manager_loads(self, load: Load, target: ClassFact, path: tuple[str, ...]) -> Load:
        """``load`` of rows Django builds from the default manager of their model (``order.lines`` at ``path``,
        a query another function starts from ``Model.objects``): what that manager's ``get_queryset()``
        eager-loads comes with every row (``lines__product``); one that loads in a way not written out makes
        the rows' loads unknown."""
        loads = self.ctx.index.hooks.manager_loads(target) if self.orm(target) == DJANGO.name else frozenset()
        if loads is None:
            return replace(load, opaque=True)
        return replace(load, eager=load.eager | {"__".join((*path, p)) for p in loads}) if loads else load

    def _kept_on_self(self, attr: str) -> Val | None:
        """``self.orders`` of a class that binds it once, to rows of a query (``self.orders =
        Order.objects.filter(...)`` in ``__init__``, or ``orders = ...`` in its body): those rows, loaded as that
        query loads them (built in another method: no fix here)."""
        if attr not in self._self_rows:
            self._self_rows[attr] = None  # in progress: ``self.rows = self.rows.filter(...)`` ends here
            bound = [n.value for n in descendants(self.cls.body) if isinstance(n, cst.Assign) and any(
                dotted_name(t.target) == f"self.{attr}" for t in n.targets)]
            bound += [v for v in (ModuleInfo.attributes(self.cls).get(attr),) if v is not None]
            value = self.infer(bound[0], {}) if len(bound) == 1 else None
            self._self_rows[attr] = replace(value, load=replace(value.load, local=False, fixable=False)) if isinstance(
                value, Val) and value.many and not value.stmt and not value.rows else None
        return self._self_rows[attr]

    def _prefetched_list(self, owner: Val, attr: str) -> Val | None:
        """``author.sorted_books`` after ``Prefetch("books", queryset=..., to_attr="sorted_books")``: the list of
        the relation's rows the prefetch stored, loaded with what its queryset loads (the load's paths under
        ``sorted_books__``); a plain list, no manager."""
        for _, call in owner.load.calls:
            for arg in call.args:
                prefetch = self.prefetches.get(arg.value.value) if isinstance(arg.value, cst.Name) else arg.value
                if not (isinstance(prefetch, cst.Call)
                        and (dotted_name(prefetch.func) or "").endswith(DJANGO_EXTRAS.prefetch_class)):
                    continue
                lookup, to_attr, _ = _prefetch_parts(prefetch)
                rel = self.models.relation(owner.model, lookup) if lookup and "__" not in lookup else None
                target = self.models.target(rel) if rel is not None and to_attr == attr else None
                if target is not None:
                    return Val(target, True, owner.load, (attr,), (True,), owner.loop)
        return None

    def _property_query(self, expr: cst.Attribute, owner: Val) -> Val | None:
        """``vocabulary.tags`` where the model's property returns a query it has not run
        (``return Session.query(Tag).filter(Tag.vocabulary_id == self.id)``): a new query of those rows
        each time it is read, which iterating runs."""
        return self._member_query(owner.model, expr.attr.value, expr, called=False)

    def _member_query(self, owner: ClassFact, name: str, anchor: cst.CSTNode, called: bool) -> Val | None:
        """The rows of a query a model's property (read) or method (``called``) builds and returns without
        running it (``return Patch.objects.filter(delegate=self.user)``): a new query each time."""
        found = self.models.member(owner, name)
        if found is None or found[1] == called:
            return None
        fact = returned_query(self.ctx.index, f"{found[0].qualname}.{name}")
        model = self.models.model(fact.model) if fact is not None and fact.many and fact.iterable \
            and not fact.executes else None
        if model is None:
            return None
        load = self._load(self.orm(model), anchor, eager=frozenset(fact.eager), opaque=fact.opaque, fixable=False,
                          iterates=True)
        return Val(model, True, self._manager_loads(load, model, ()))

    def _view_queryset(self, cls: cst.ClassDef | None = None, depth: int = 0):
        """The rows of a class-based view: its ``get_queryset()``, ``queryset`` or ``model``, looking
        into base views of the same module when the class sets none of them."""
        cls = cls or self.cls
        methods, attributes = ModuleInfo.methods(cls), ModuleInfo.attributes(cls)
        if "get_queryset" in methods:
            return None if self.via or self.quiet else self._helper_return(methods["get_queryset"], cls)
        if attributes.get("queryset") is not None:
            return self._foreign(attributes["queryset"])
        model = self.model_ref(attributes["model"], {}) if attributes.get("model") is not None else None
        if model is not None and self.orm(model) == DJANGO.name:
            return self._given(model, many=True)
        bases = [self.info.classes.get(dotted_name(b.value) or "") for b in cls.bases] if cls is not None else []
        found = [v for b in bases if b is not None and depth < 3 and (v := self._view_queryset(b, depth + 1))]
        return found[0] if len(found) == 1 else None

    def _list_context_names(self) -> set[str]:
        """Keys a ListView puts its page of rows under: object_list, context_object_name, <model>_list."""
        names = {"object_list"}
        attributes = ModuleInfo.attributes(self.cls)
        if _string(attributes.get("context_object_name")):
            names.add(_string(attributes["context_object_name"]))
        model = self.model_ref(attributes["model"], {}) if "model" in attributes else None
        if model is not None:
            names.add(f"{model.name.lower()}_list")
        return names

    def _foreign(self, expr: cst.BaseExpression):
        """A query written outside the analysed function (class attribute, helper return)."""
        saved = self.local_anchors
        self.local_anchors = False
        try:
            return self.infer(expr, {})
        finally:
            self.local_anchors = saved

    def _infer_call(self, call: cst.Call, env: dict):
        func = call.func
        qualified = self.ctx.imports.qualify(func)
        args = _positional(call)
        loaded = self._loaded_model(call, env)
        if loaded is not None:
            return ModelRef(loaded)
        if qualified == "collections.defaultdict" and len(call.args) == 1 and dotted_name(call.args[0].value) == "list":
            return Collected(grouped=True)  # by_customer = defaultdict(list)
        if isinstance(func, cst.Name) and func.value == "list" and not call.args and "list" not in env:
            return Collected()
        if qualified and any_matches(qualified, COMMANDS.progress_wrappers):  # tqdm(rows): the same rows
            items = args[0] if args else next(filter(None, (keyword(call, k) for k in COMMANDS.progress_keywords)), None)
            value = self.infer(items, env) if items is not None else None
            return value if isinstance(value, Val) and value.many and not value.stmt else None
        if DJANGO_EXTRAS.paginator.matches(qualified):  # Paginator(qs, 25): pages of the query's rows
            given = args[0] if args else keyword(call, "object_list")
            rows = self.infer(given, env) if given is not None else None
            return Paged(rows) if isinstance(rows, Val) and rows.many and not rows.stmt else None
        if qualified == "itertools.groupby" and args:  # (key, rows of that key) pairs: every row, in groups
            value = self.infer(args[0], env)
            return Groups(value, pairs=True) if isinstance(value, Val) and value.many and not value.stmt else None
        if isinstance(func, cst.Name) and func.value not in env:
            name = func.value
            if name in COLLECTION_WRAPPERS and qualified is None and args:
                value = self.infer(args[0], env)
                return value if isinstance(value, Val) and value.many and not value.stmt else None
            if name == "enumerate" and qualified is None and args:
                value = self.infer(args[0], env)
                iterable = isinstance(value, Zipped) or isinstance(value, Val) and value.many and not value.stmt
                return Enumerated(value) if iterable else None
            if name == "zip" and qualified is None and args:
                return Zipped(tuple(self.infer(a, env) for a in args))
            if qualified and any_matches(qualified, _SHORTCUTS) and args:
                source = self.infer(args[0], env)
                if isinstance(source, ModelRef):
                    source = Val(source.model, True, self._load(DJANGO.name, None, fixable=False))
                if isinstance(source, Val) and source.many and source.load.orm == DJANGO.name:
                    many = qualified.rsplit(".", 1)[-1] in DJANGO_EXTRAS.list_shortcuts
                    return replace(source, many=many, fetched=not many)
                return None
            spec = next((s for s in ORMS if any_matches(qualified, s.query.functions + s.query.single_functions)),
                        None) if qualified else None
            if spec is not None:
                return self._query_function(spec, qualified, call, args, env) if args else None
            if qualified is None and name in self.info.functions and (
                    passed := self._passed_through(self.info.functions[name], call, env, False)) is not None:
                return passed  # for row in chunked(qs): the rows of qs, a page at a time
            if qualified is None and name in self.info.functions and not self.via and not self.quiet:
                return self._helper_return(self.info.functions[name], None)
            return self._returned_rows(qualified, call)
        target = _method(call)
        if target is None:
            return None
        receiver_expr, meth = target
        if (isinstance(receiver_expr, cst.Name) and receiver_expr.value == "self" and self.cls is not None
                and "self" not in env):
            methods = ModuleInfo.methods(self.cls)
            if meth in methods and (passed := self._passed_through(methods[meth], call, env, True)) is not None:
                return passed
            if meth in methods and not self.via and not self.quiet:
                return self._helper_return(methods[meth], self.cls)
            return self._view_queryset() if meth == "get_queryset" and meth not in methods else None
        if qualified is not None and not isinstance(receiver_expr, cst.Call):  # crud.list_heroes(session)
            rows = self._returned_rows(qualified, call)
            if rows is not None:
                return rows
        foreign = self.foreign_instances.get(receiver_expr.value) if isinstance(receiver_expr, cst.Name) else (
            self._imported_class(receiver_expr.func) if isinstance(receiver_expr, cst.Call) else None)
        rows = self._returned_rows(f"{foreign}.{meth}", call) if foreign is not None else None
        if rows is not None:  # repo = UserRepository(session); repo.list(), the class in another module
            return rows
        instance_of = self._instance_class(receiver_expr)
        if instance_of is not None and not self.via and not self.quiet:  # repo = UserRepository(db); repo.list()
            method = ModuleInfo.methods(instance_of).get(meth)
            return self._helper_return(method, instance_of) if method is not None else None
        if isinstance(receiver_expr, cst.Call) and dotted_name(receiver_expr.func) == "super" and meth == "get_queryset":
            value = ModuleInfo.attributes(self.cls).get("queryset") if self.cls is not None else None
            return self._foreign(value) if value is not None else None
        if meth in SA.session_queries and (self._is_session(receiver_expr, env) or (
                self._runs_sa_statement(call) and not self._opened_from_parameter(call, receiver_expr))):
            return self._session_call(call, meth, args, env)
        receiver = self.infer(receiver_expr, env)
        if isinstance(receiver, Paged):
            return receiver if meth in DJANGO_EXTRAS.page_methods else None  # paginator.get_page(n): one Page
        if meth == SA.flask_paginate:  # Post.query.paginate(page=2) / db.paginate(select(Post)): one Pagination
            rows = receiver if receiver is not None else self.infer(args[0], env) if args else None
            if isinstance(rows, Val) and rows.many and rows.load.orm in SA_FAMILY:
                return Paged(replace(rows, stmt=False))
        if receiver is None and meth in _SELECT and len(args) == 1 and len(call.args) == 1:
            model = self.model_ref(args[0], env)  # db.select(User): Flask-SQLAlchemy's select()
            if model is not None and self.orm(model) in SA_FAMILY:
                return Val(model, True, self._load(self.orm(model), call, model_expr=args[0]), stmt=True)
        if isinstance(receiver, Collected) and receiver.grouped and receiver.rows is not None:
            if meth in ("get", "setdefault", "pop"):  # by_customer.get(key, []): one group
                return replace(receiver.rows, listed=True)
            return Groups(receiver.rows, meth == "items") if meth in ("values", "items") else None
        if isinstance(receiver, Val) and receiver.keyed:  # a dict of rows: .get(key) / .values()
            return replace(receiver, many=meth != "get", keyed=False) if meth in ("get", "values") else None
        if meth == "pop" and isinstance(receiver, Val) and receiver.many and not receiver.stmt and not receiver.rows:
            return replace(receiver, many=False, relation=None, receiver=None)  # rows = list(qs); row = rows.pop()
        if isinstance(receiver, tuple):  # a SQLAlchemy Result of Row tuples
            if meth == SA.result_scalars:
                return replace(receiver[1], many=True)
            if meth in SA.result_single:
                return replace(receiver[1], many=False, fetched=True)
            return receiver if meth in SA.result_rows else None
        if isinstance(receiver, ModelRef):
            return self._model_call(receiver.model, call, meth, args, env)
        if not isinstance(receiver, Val) or spec_of(receiver.load.orm) is None:
            return None
        if not receiver.many and not receiver.stmt:
            rows = self._member_query(receiver.model, meth, call, called=True)
            if rows is not None:
                return rows  # profile.todo_patches(project=p): a new query of those rows per call
        return self._query_call(receiver, call, meth, args, env)

    def _loaded_model(self, call: cst.Call, env) -> ClassFact | None:
        """``apps.get_model("app", "Model")``, ``get_user_model()``, ``aliased(Model)``: a model, by reference."""
        label = model_label(call)
        if label is not None:
            fact = self.models.model(label)
            return fact if fact is not None and self.models.is_concrete(fact) else None
        if is_sqlalchemy(self.ctx.imports.qualify(call.func), SA.aliased) and call.args:
            return self.model_ref(call.args[0].value, env)
        return None

    def _returned_rows(self, qualified: str | None, call: cst.Call):
        """The rows a function of another module returns (``from app.crud import list_heroes``)."""
        fact = returned_query(self.ctx.index, qualified) if qualified else None
        model = self.models.model(fact.model) if fact is not None else None
        if model is None or not self.models.is_concrete(model):
            return None
        orm = self.orm(model)  # awaited SQLAlchemy rows belong to an AsyncSession; Tortoise is always awaited
        load = Load(orm, eager=self.models.with_loader_default(model, frozenset(fact.eager)), opaque=fact.opaque,
                    fixable=False, local=False, fixed=frozenset(fact.fixed),
                    is_async=self._awaited(call) and orm in SA_FAMILY)
        return Val(model, fact.many, self._manager_loads(load, model, ()))

    def _passed_through(self, func: cst.FunctionDef, call: cst.Call, env, method: bool) -> Val | None:
        """The rows handed to a generator of this module that yields each element of that argument, a slice at
        a time (``def _batch_query(self, queryset): ... yield from queryset[offset:limit]``): its iteration
        gives the argument's rows."""
        param = _rows_generator_parameter(func)
        params = [p.name.value for p in func.params.params][1 if method else 0:]
        if param is None or param not in params or any(a.star for a in call.args):
            return None
        given = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == param), None)
        positional = _positional(call)
        if given is None and params.index(param) < len(positional):
            given = positional[params.index(param)]
        value = self.infer(given, env) if given is not None else None
        return value if isinstance(value, Val) and value.many and not value.stmt else None

    def _helper_return(self, func: cst.FunctionDef, cls: cst.ClassDef | None):
        helper = Analyzer(self.ctx, self.info, Analysis(), cls, local_anchors=False, quiet=True)
        helper.walk_function(func, {})
        values = helper.returns
        if not values or any(not isinstance(v, Val) for v in values):
            return None
        first = values[0]
        if any(v.model.qualname != first.model.qualname or v.many != first.many for v in values):
            return None
        eager = frozenset.intersection(*(v.load.eager for v in values))
        return replace(first, load=replace(first.load, eager=eager, local=False))

    def _is_session(self, expr: cst.BaseExpression, env: dict) -> bool:
        """A SQLAlchemy/SQLModel session: named like one (``session``, ``db``, ``sess``, ``self.db``),
        annotated as one, or made by a session factory/provider in this function."""
        dotted = dotted_name(expr) or ""
        last = dotted.rsplit(".", 1)[-1].lower()
        return "session" in last or last in SA.session_names or dotted in self.session_names \
            or dotted in self.session_expires

    def _session_call(self, call, meth, args, env):
        is_async = self._awaited(call)
        session = dotted_name(call.func.value) or ""
        if meth in SA.session_gets:
            model = self.model_ref(args[0], env) if args else None
            if model is None:
                return None
            options = any(a.keyword is not None and a.keyword.value == "options" for a in call.args)
            load = self._load(self.orm(model), None, opaque=options, fixable=False, is_async=is_async,
                              model_expr=args[0], session=session)
            return Val(model, False, load, fetched=True)
        if meth == SA.session_query:
            model = self.model_ref(args[0], env) if len(args) == len(call.args) and args else None
            if model is None:
                return None
            entities = tuple(self.model_ref(a, env) for a in args) if len(args) > 1 else ()  # rows of tuples
            return Val(model, True, self._load(self.orm(model), call, model_expr=args[0], is_async=is_async,
                                               session=session, iterates=True), entities=entities)
        if not args:
            return None
        stmt = self.infer(args[0], env)
        if not isinstance(stmt, Val) or not stmt.stmt:
            return None
        load = replace(stmt.load, is_async=is_async, session=session)
        if meth in SA.session_results:
            return ("result", replace(stmt, load=load, stmt=False))
        if meth in SA.session_single:
            return replace(stmt, load=load, stmt=False, many=False, fetched=True)
        return replace(stmt, load=load, stmt=False, many=True)

    def _awaited(self, call: cst.Call) -> bool:
        return isinstance(self.ctx.parent(call), cst.Await)

    @staticmethod
    def _spec(orm: str) -> OrmSpec:
        """The spec of a model's ORM (models always belong to a known one)."""
        spec = spec_of(orm)
        assert spec is not None, orm
        return spec

    def _query_function(self, spec: OrmSpec, qualified: str, call: cst.Call, args, env):
        """A module function of an ORM: ``select(User)`` (SQLAlchemy statement), ``select(p for p in
        Person)`` / ``get(...)`` (Pony queries), ``prefetch(query, ...)`` (Peewee)."""
        name = qualified.rsplit(".", 1)[-1]
        loader = spec.query.loader(name)
        if loader is not None:  # prefetch(query, subquery): the query, now loading its relations
            value = self.infer(args[0], env)
            if isinstance(value, Val) and value.load.orm == spec.name:
                return replace(value, load=replace(value.load, everything=True))
            return None
        single = any_matches(qualified, spec.query.single_functions)
        if isinstance(args[0], cst.GeneratorExp):  # Pony: select(p for p in Person if p.age > 20)
            return self._generator_query(args[0], call, single, env)
        if any(a.star for a in call.args):
            return None
        model = self.model_ref(args[0], env)
        if model is None:
            return None
        entities = tuple(self.model_ref(a, env) for a in args) if len(args) > 1 else ()
        stmt = not spec.query.iterable  # a SQLAlchemy statement runs when a session executes it
        return Val(model, not single, self._load(self.orm(model), call, model_expr=args[0]), stmt=stmt,
                   entities=entities, fetched=single)

    def _generator_query(self, generator: cst.GeneratorExp, call: cst.Call, single: bool, env):
        """``select(p for p in Person if ...)``: the rows of the entity it iterates (values, not instances,
        when it yields something other than the loop variable)."""
        comps = _comp_fors(generator.for_in)
        first = comps[0]
        source = self.infer(first.iter, env)
        model = source.model if isinstance(source, (ModelRef, Val)) else None
        if model is None or self._spec(self.orm(model)).query.iterable is False:
            return None
        instances = len(comps) == 1 and isinstance(first.target, cst.Name) and isinstance(generator.elt, cst.Name) \
            and generator.elt.value == first.target.value
        load = self._load(self.orm(model), call, fixable=False)
        return Val(model, not single, load, rows=not instances and not single, fetched=single) \
            if instances or not single else None

    def _model_call(self, model: ClassFact, call, meth, args, env):
        """A class method of a model: ``Tweet.select()``, ``Order.filter(...)``, ``User.get(...)``."""
        query = self._spec(self.orm(model)).query
        if meth in query.starts:
            joined = {m.qualname for m in (self.model_ref(a, env) for a in args) if m is not None}
            joined.discard(model.qualname)  # Peewee select(Tweet, User): each tweet's user comes with it
            return self._joined(Val(model, True, self._load(self.orm(model), call)), joined)
        if meth in query.model_single:
            return Val(model, False, self._load(self.orm(model), None, fixable=False), fetched=True)
        return None

    def _joined(self, value: Val, joined: set[str]) -> Val:
        if not joined:
            return value
        eager = {r.name for r in self.models.relations(value.model).values() if r.target in joined}
        return replace(value, load=replace(value.load, eager=value.load.eager | eager))

    def _query_call(self, value: Val, call, meth, args, env):
        """A method called on a query of ``value``'s rows (a queryset, a ``select()``, a relation accessor)."""
        spec = self._spec(value.load.orm)
        query, load = spec.query, value.load
        if value.relation is not None and value.receiver is not None and spec.relations.related_rows_know_parent:
            # a related manager (Django): a new query, unless the call reads what a prefetch loaded
            cached = meth in query.lookups and value.receiver.load.covers(value.prefix)
            base = self._accessor_rows(value, call, meth, cached)
            if meth in query.relation_restarts:
                return replace(base, many=meth not in query.single, relation=None, receiver=None,
                               loop=value.loop if cached else None, from_relation=True, fetched=meth in query.single)
            value = replace(base, relation=None, receiver=None, loop=None)
            load = value.load
        elif value.relation is not None:
            return self._relation_query(value, spec, meth)
        elif value.prefix and value.from_relation and spec.relations.related_rows_know_parent \
                and self._requeries_cache(meth, value.model, query):  # rel.all().select_related("x"): a new query
            value = Val(value.model, True, self._load(value.load.orm, call.func.value), from_relation=True,
                        parent=value.parent, parent_via=value.parent_via)
            load = value.load
        if meth in query.conditions and not value.prefix:
            value = self._constrained(value, call, env)
            load = value.load
        effect = dict(query.column_loading).get(meth) if not query.options else None
        if effect is not None and not value.prefix:  # Django .only("title") / .defer("body")
            names = [_string(a) for a in args]
            # ``defer("author__bio")`` leaves out a column of the related row, not ``author``; ``only("author__name")``
            # keeps ``author`` (its key) among the row's own columns
            known = frozenset(n.split(query.path_separator, 1)[0] for n in names
                              if effect != "defer" or query.path_separator not in n) if all(names) and \
                len(names) == len(call.args) else None
            value = replace(value, load=load.with_columns(effect, known))
            load = value.load
        if meth in query.empty:
            return replace(value, empty=True)
        loader = query.loader(meth)
        if loader is not None:
            return self._apply_loader(value, loader, call, env)
        if meth == query.options:
            return self._apply_options(value, call, env)
        if meth in query.unfixable:
            return replace(value, load=replace(load, fixable=False, reshaped_by=meth))
        if meth in query.chain:
            return value
        if meth in query.joins:
            return value  # only a model also selected (select(Tweet, User)) fills the relation
        if meth in query.forgets_eager:  # joined columns are copied onto the row, the relation stays unloaded
            return replace(value, load=replace(load, eager=frozenset(), everything=False))
        if value.stmt:
            return None
        if meth in query.result_chain:
            return value if value.many else None
        if meth in query.single:
            return None if value.rows else replace(value, many=False, fetched=True)
        if meth in query.rows:
            return replace(value, rows=True, load=replace(load, fixable=False))
        if meth in query.executes or not query.custom_methods or meth.startswith("_") or meth == "as_manager":
            return None
        # a custom manager/queryset method: same rows; eager loading kept when its class is known
        # and the method only filters or orders, unknown otherwise
        hooks = self.ctx.index.hooks
        receiver = call.func.value
        on_queryset = not (isinstance(receiver, cst.Attribute) and (
            receiver.attr.value in spec.managers or hooks.manager_named(value.model, receiver.attr.value)))
        defined_on = hooks.queryset_class(value.model, meth, on_queryset)
        if defined_on is not None and meth in defined_on.mappings:
            return None  # a dict the method builds from its query: looking a key up in it runs none
        if defined_on is not None and meth in defined_on.singles:  # Membership.objects.for_user(user): one row
            return replace(value, many=False, fetched=True, load=replace(load, opaque=True, fixable=False))
        if hooks.keeps_rows(value.model, meth, on_queryset):
            return replace(value, load=replace(load, fixable=False))
        return replace(value, load=replace(load, opaque=True, fixable=False))

    def _constrained(self, value: Val, call: cst.Call, env) -> Val:
        """``value`` after a condition call: the attributes of its rows fixed to one value (``author=a``,
        ``Post.author_id == 1``, ``with_parent(a, ...)``) or to NULL (``author__isnull=True``, ``.is_(None)``)."""
        spec = self._spec(value.load.orm)
        fixed, null = set(), set()
        for arg in call.args:
            if arg.keyword is not None:
                parts = arg.keyword.value.split("__")  # lookups: author__pk=1, author__isnull=True
                is_none = dotted_name(arg.value) == "None"
                if len(parts) == 1 or (len(parts) == 2 and parts[1] in _PRIMARY_KEYS):
                    (null if is_none else fixed).add(parts[0])
                elif len(parts) == 2 and parts[1] == spec.query.null_lookup and dotted_name(arg.value) == "True":
                    null.add(parts[0])
                continue
            for node in _subtree(arg.value):
                self._condition(node, value.model, fixed, null, env)
        if _method(call) is not None and _method(call)[1] == SA.with_parent and call.args:
            self._parent_condition(call.args[0].value, call.args[1].value if len(call.args) > 1 else None,
                                   value.model, fixed, env)
        return replace(value, load=replace(value.load, fixed=value.load.fixed | fixed, null=value.load.null | null))

    def _condition(self, node: cst.CSTNode, model: ClassFact, fixed: set, null: set, env) -> None:
        """One comparison of a condition expression: ``Post.author_id == x``, ``Post.parent_id.is_(None)``,
        ``with_parent(user, User.posts)``."""
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1 \
                and isinstance(node.comparisons[0].operator, (cst.Equal, cst.Is)):
            attr = self._own_attribute(node.left, model, env)
            if attr:
                (null if dotted_name(node.comparisons[0].comparator) == "None" else fixed).add(attr)
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
                node.func.attr.value == SA.is_operator and node.args and dotted_name(node.args[0].value) == "None":
            attr = self._own_attribute(node.func.value, model, env)
            if attr:
                null.add(attr)
        elif isinstance(node, cst.Call) and is_sqlalchemy(self.ctx.imports.qualify(node.func), SA.with_parent) \
                and node.args:
            self._parent_condition(node.args[0].value, node.args[1].value if len(node.args) > 1 else None,
                                   model, fixed, env)

    def _own_attribute(self, expr: cst.BaseExpression, model: ClassFact, env) -> str | None:
        """``Post.author_id`` (or ``col(Post.author_id)``): an attribute of the rows' own model."""
        if isinstance(expr, cst.Call) and len(expr.args) == 1:  # SQLModel's col(...)
            expr = expr.args[0].value
        if not isinstance(expr, cst.Attribute):
            return None
        owner = self.model_ref(expr.value, env)
        return expr.attr.value if owner is not None and owner.qualname == model.qualname else None

    def _parent_condition(self, parent: cst.BaseExpression, prop: cst.BaseExpression | None, model: ClassFact,
                          fixed: set, env) -> None:
        """``with_parent(event, Event.abstracts)``: every row's relation back to ``event`` is that one object
        (without the property: the relation to the parent's model, or, that model unknown, named like the parent)."""
        owner = self.infer(parent, env)
        parent_model = owner.model if isinstance(owner, Val) and not owner.many else None
        if isinstance(prop, cst.Attribute):
            parent_model = parent_model or self.model_ref(prop.value, env)
            rel = self.models.relation(parent_model, prop.attr.value) if parent_model is not None else None
            back = self.models.relation(model, rel.reverse_name) if rel is not None and rel.reverse_name else None
            candidates = [back] if back is not None else []
        elif parent_model is not None:
            candidates = [r for r in self.models.relations(model).values() if r.target == parent_model.qualname
                          and not r.many]
        else:
            named = self.models.relation(model, (dotted_name(parent) or "").rsplit(".", 1)[-1])
            candidates = [named] if named is not None else []
        if len(candidates) == 1 and not candidates[0].many:
            fixed.add(candidates[0].name)

    def _relation_query(self, value: Val, spec: OrmSpec, meth: str) -> Val | None:
        """``parent.rel.where(...)``: a new query of the related rows, when the accessor is a query."""
        rel = value.relation
        if meth not in spec.query.relation_restarts or not self._manager_like(rel):
            return None
        load = self._load(value.load.orm, None, fixable=False)
        if rel.lazy in spec.relations.querying_strategies:  # a dynamic relationship: select() gives a statement
            return Val(value.model, True, load, from_relation=True, stmt=meth == "select")
        return replace(value, relation=None, receiver=None, loop=None, from_relation=True, load=load)

    def _accessor_rows(self, value: Val, call, meth: str, cached: bool) -> Val:
        """The rows a related manager hands out: those of the parent's prefetch when the call reads it
        (or, for ``all()`` in a loop, may come with the outer query), else a new query; a reverse
        foreign key sets each row's parent on it, so reading that needs no query."""
        if cached or (meth == "all" and value.loop is not None):
            base = value
        else:  # a query of its own, from the manager Django builds on the rows' default manager
            load = self._load(value.load.orm, call.func.value, given=value.load.given,
                              given_path=value.load.given_path + value.prefix)
            base = Val(value.model, True, self._manager_loads(load, value.model, ()), from_relation=True)
        rel = value.relation
        if rel.reverse and rel.kind in ("fk", "o2o") and rel.reverse_name:
            back = "__".join(base.prefix + (rel.reverse_name,))
            base = replace(base, load=replace(base.load, eager=base.load.eager | {back}),
                           parent=value.receiver, parent_via=rel.reverse_name if value.receiver is not None else "")
        return base

    def _apply_loader(self, value: Val, loader: Loader, call: cst.Call, env) -> Val:
        """``value`` after an eager-loading method: the paths it adds, or opaque when they cannot be read."""
        load = value.load
        if loader.style == "query":  # Peewee prefetch(): every relation the subqueries name
            return replace(value, load=replace(load, everything=True))
        eager, everything = set(load.eager), load.everything
        for arg in call.args:
            found = self._spread(arg) if arg.star else self._loader_argument(arg.value, loader, value, env)
            if found is None:
                return replace(value, load=replace(load, opaque=True))
            if found == {"None"}:  # select_related(None) clears the list
                eager, everything = set(), False
            elif loader.to_one:
                kept = {path for path in found if self._to_one_path(value.model, path)}
                eager |= kept | {back for path in kept for back in self._one_to_one_backs(value.model, path)}
            else:
                eager |= found
        if not call.args and loader.no_arguments == "non_null_to_one":
            eager |= self.models.non_null_to_one(value.model, loader.depth)
        calls = load.calls if any(k == loader.name for k, _ in load.calls) else load.calls + ((loader.name, call),)
        return replace(value, load=replace(load, eager=frozenset(eager), everything=everything, calls=calls))

    def _path_hops(self, model: ClassFact | None,
                   path: str) -> Iterator[tuple[tuple[str, ...], ClassFact, RelationFact]]:
        """Each known relation along ``path`` from ``model``: the path up to it, the model it is read on, the
        relation; the walk ends at the first hop the index does not know."""
        hops: tuple[str, ...] = ()
        for hop in path.split("__"):
            rel = self.models.relation(model, hop) if model is not None else None
            if rel is None:
                return
            hops += (hop,)
            yield hops, model, rel
            model = self.models.target(rel)

    def _to_one_path(self, model: ClassFact | None, path: str) -> bool:
        """Whether no hop of ``path`` from ``model`` is a known collection (``select_related("comments")``
        of a reverse foreign key loads nothing: Django refuses it)."""
        return not any(rel.many for _, _, rel in self._path_hops(model, path))

    def _one_to_one_backs(self, model: ClassFact | None, path: str) -> set[str]:
        """``user__profile__user`` for ``select_related("user__profile")``: following a one-to-one relation, Django's
        select_related() also caches the related object's way back (either side of a one-to-one)."""
        backs = {(hops, rel.reverse_name if rel.reverse else self.models.reverse_accessor(owner, rel))
                 for hops, owner, rel in self._path_hops(model, path) if rel.kind == "o2o"}
        return {"__".join((*hops, back)) for hops, back in backs if back and back != "+"}

    def _apply_options(self, value: Val, call: cst.Call, env) -> Val:
        """``value`` after ``options(joinedload(...), ...)`` (SQLAlchemy loader options)."""
        load = value.load
        eager, everything, opaque, lazy = set(load.eager), load.everything, load.opaque, set(load.lazy)
        for arg in call.args:
            if arg.star:
                opaque = True
                continue
            paths, every, opq, passed = self._sa_loaders(arg.value, env)
            eager, everything, opaque, lazy = eager | paths, everything or every, opaque or opq, lazy | passed
            load = self._column_option(load, arg.value, value.model, env)
        key = self._spec(load.orm).query.options
        calls = load.calls if any(k == key for k, _ in load.calls) else load.calls + ((key, call),)
        return replace(value, load=replace(load, eager=frozenset(eager), everything=everything, opaque=opaque,
                                           calls=calls, lazy=frozenset(lazy)))

    def _column_option(self, load: Load, option: cst.BaseExpression, model: ClassFact, env) -> Load:
        """``load_only(User.id, User.name)`` / ``defer(User.bio)`` / ``undefer(User.bio)`` among a query's options:
        the columns of ``model`` its rows hold. ``defer(..., raiseload=True)`` raises instead of loading."""
        if not isinstance(option, cst.Call) or not isinstance(option.func, (cst.Name, cst.Attribute)) or \
                isinstance(getattr(option.func, "value", None), cst.Call):
            return load  # a chained option (joinedload(A.b).load_only(...)) is about the related rows
        name = (dotted_name(option.func) or "").rsplit(".", 1)[-1]
        effect = dict(self._spec(load.orm).query.column_loading).get(name)
        if effect is None or any(a.keyword is not None and a.keyword.value == "raiseload" for a in option.args):
            return load
        names = set()
        for arg in option.args:
            column = arg.value
            owner = self.model_ref(column.value, env) if isinstance(column, cst.Attribute) and not arg.star else None
            if owner is not None and owner.qualname == model.qualname:
                names.add(column.attr.value)
            elif owner is None and _string(column) is not None and not arg.star:
                names.add(_string(column))  # legacy string form: defer("bio")
            elif owner is None:
                return load.with_columns(effect, None)
            else:
                return load  # a column of another entity of the statement
        return load.with_columns(effect, frozenset(names))

    def _spread(self, arg: cst.Arg) -> set[str] | None:
        """The lookups of ``*LOOKUPS``, a module-level list of strings; None for any other ``*args``/``**kwargs``."""
        names = self.info.string_lists.get(arg.value.value) if arg.star == "*" and isinstance(arg.value, cst.Name) \
            else None
        return set(names) if names is not None else None

    def _loader_argument(self, arg: cst.BaseExpression, loader: Loader, value: Val, env) -> set[str] | None:
        """The paths one argument of a loader names; None when it cannot be read."""
        if loader.style == "entities":  # Pony prefetch(Person.cars): that attribute; prefetch(Car): unknown
            owner = self.model_ref(arg.value, env) if isinstance(arg, cst.Attribute) else None
            return {arg.attr.value} if owner is not None and owner.qualname == value.model.qualname else None
        text = _string(arg)
        if text is not None:
            return {text}
        if isinstance(arg, cst.Name) and arg.value == "None":
            return {"None"}
        if isinstance(arg, cst.Call) and (dotted_name(arg.func) or "").endswith(DJANGO_EXTRAS.prefetch_class):
            return self._prefetch_paths(arg, env)
        if isinstance(arg, cst.Name) and arg.value in self.prefetches:
            return self._prefetch_paths(self.prefetches[arg.value], env)
        return None

    def _prefetch_paths(self, call: cst.Call, env) -> set[str]:
        lookup, to_attr, queryset = _prefetch_parts(call)
        if lookup is None:
            return {"*"}
        base = to_attr or lookup
        paths = {base}
        if to_attr:
            parent = lookup.rsplit("__", 1)[0] if "__" in lookup else None
            if parent:
                paths.add(parent)
        inner = self.infer(queryset, env) if queryset is not None else None
        if isinstance(inner, Val):
            paths.update(f"{base}__{p}" for p in inner.load.eager)
            if inner.load.everything or inner.load.opaque:
                paths.add(f"{base}__*")
        return paths

    def _sa_loaders(self, option: cst.BaseExpression, env) -> tuple[set[str], bool, bool, set[str]]:
        """(eager paths, everything, opaque, paths left lazy) of one loader option expression."""
        if not isinstance(option, cst.Call):
            return set(), False, True, set()  # a loader built elsewhere (a variable): unknown
        chain: list[cst.Call] = []
        node = option
        while isinstance(node, cst.Call):
            chain.append(node)
            if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Call):
                node = node.func.value
            else:
                break
        chain.reverse()
        path: list[str] = []
        paths: set[str] = set()
        lazy: set[str] = set()
        for link in chain:
            name = link.func.attr.value if isinstance(link.func, cst.Attribute) else (dotted_name(link.func) or "")
            if isinstance(link.func, cst.Attribute) and not isinstance(link.func.value, cst.Call):
                qualified = self.ctx.imports.qualify(link.func)
                if qualified is None and dotted_name(link.func.value) is not None and \
                        SQLALCHEMY.query.loader(name) is None:
                    return set(), False, True, set()
            if name in ("Load", SQLALCHEMY.query.options):
                continue
            loader = SQLALCHEMY.query.loader(name)
            if loader is None:
                return set(), False, True, set()
            kind = loader.effect
            if kind == "none":
                continue
            for arg in _positional(link):
                if _string(arg) == "*" or (isinstance(arg, cst.Name) and arg.value == "*"):
                    if kind == "eager":
                        return set(), True, False, set()
                    continue
                attr = _string(arg)
                if attr is None and isinstance(arg, cst.Attribute):
                    attr = arg.attr.value
                if attr is None:
                    return set(), False, True, set()
                path.extend(attr.split("."))
            if kind == "eager" and path:
                paths.add("__".join(path))
            elif path:
                lazy.add("__".join(path))
        return paths, False, False, lazy

    # -- statements -------------------------------------------------------------------
    def walk_function(self, func: cst.FunctionDef, env: dict) -> None:
        self.is_async = func.asynchronous is not None
        self.nested = {s.name.value: s for s in body_statements(func) if isinstance(s, cst.FunctionDef)}
        self.route = (func.name.value, schema) if (schema := self._response_schema(func)) is not None else None
        self._note_collections(func)
        for param in (*func.params.posonly_params, *func.params.params, *func.params.kwonly_params):
            if param.annotation is not None and _names_session(param.annotation.annotation):
                self.session_names.add(param.name.value)
        if self.is_async:
            self._bind_provided_sessions(func)
        self.block(func.body, env, [])

    def _note_collections(self, func: cst.FunctionDef) -> None:
        """Remember the function's ``*args``/``**kwargs`` and the names it binds only to literal collections."""
        star = [p for p in (func.params.star_arg, func.params.star_kwarg) if isinstance(p, cst.Param)]
        self.variadic = frozenset(p.name.value for p in star)
        if self.cls is None and self.info.entry_points(self.ctx).runs_until_exit(func, None):
            # a click/typer command (or what the ``__main__`` block calls): its parameters are command-line arguments
            self.variadic |= {p.name.value for p in (*func.params.posonly_params, *func.params.params,
                                                     *func.params.kwonly_params)}
        elif self.cls is None:
            self.variadic |= self.info.command_arguments(self.ctx, func)  # create_tags(names) called by commands
        params = {p.name.value for p in (*func.params.posonly_params, *func.params.params,
                                         *func.params.kwonly_params)}  # bound by the caller too
        bindings = _bindings(func.body)
        self.literals = _names_bound_only_to(bindings, _literal_value) - params
        self.counts = {p.name.value: p.default for p in (*func.params.params, *func.params.kwonly_params)
                       if p.default is not None}
        self.bounded_names = frozenset()
        while True:  # names bound to names so bound, too (``names = list(args) if args else []``)
            found = _names_bound_only_to(bindings, lambda value: bool(self._bounded_value(value, {}))) - params
            if found == self.bounded_names:
                break
            self.bounded_names = found

    def walk_per_object(self, method: cst.FunctionDef, param: str, instance: Val, label: str, admin: str = "") -> None:
        """A method a framework calls once per object (a serializer's ``get_<field>(self, obj)``):
        ``param`` holds a new ``instance`` each call; only what repeats per call is reported. ``admin``:
        the model admin whose changelist calls it."""
        self.is_async = method.asynchronous is not None
        self.caller_loop = method
        loop = Loop(method, label, frozenset({param}), per_object=True, caller=True, admin=admin)
        self.block(method.body, {param: replace(instance, loop=method)}, [loop])

    def block(self, body, env: dict, loops: list[Loop]) -> None:
        statements = body.body if isinstance(body, (cst.IndentedBlock, cst.Module)) else [body]
        leaves = _leaving(statements[-1]) if statements and loops else None
        if leaves:  # the block runs at most once per loop: it ends by leaving it (break: the innermost)
            loops = _once(loops, innermost=leaves == "break")
        for stmt in statements:
            self.statement(stmt, env, loops)
            if isinstance(stmt, cst.SimpleStatementLine) and any(isinstance(small, _JUMPS) for small in stmt.body):
                return  # ``return render(...)`` before the rest: what follows never runs
            if isinstance(stmt, cst.If) and stmt.orelse is None and self._dead_branch(stmt.test, env) == "orelse" \
                    and _leaves(stmt.body):
                return  # ``if order is not None: return order``: what follows never runs
            if loops and isinstance(stmt, cst.If) and _precomputed(stmt.test) == "present" \
                    and isinstance(stmt.body, cst.IndentedBlock) and _leaving(stmt.body.body[-1]) == "return":
                loops = _fallback(loops)  # ``if hasattr(obj, "total"): return obj.total``: the rest is a fallback

    def statement(self, stmt: cst.CSTNode, env: dict, loops: list[Loop]) -> None:
        if isinstance(stmt, cst.SimpleStatementSuite):
            for small in stmt.body:
                self.small(small, env, loops)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.small(small, env, loops)
        elif isinstance(stmt, cst.For):
            self.scan(stmt.iter, env, loops)
            source = self.infer(stmt.iter, env)
            self.check_iteration_query(stmt.iter, source, loops)
            self._check_iteration(stmt.iter, env, loops, stmt.iter)
            loop = Loop(stmt, loop_label(stmt), frozenset(_bound_names(stmt)), bounded=self.bounded(stmt, env))
            self.bind_loop(stmt.target, source, env, stmt)
            self.block(stmt.body, env, loops + [loop])
            self._keep_loaded(stmt, source, env)
            if stmt.orelse is not None:
                self.block(stmt.orelse.body, env, loops)
        elif isinstance(stmt, cst.While):
            loop = Loop(stmt, loop_label(stmt), frozenset(_bound_names(stmt)))
            self._walks(stmt, env)
            self.scan(stmt.test, env, loops + [loop])
            self.block(stmt.body, env, loops + [loop])
            if stmt.orelse is not None:
                self.block(stmt.orelse.body, env, loops)
        elif isinstance(stmt, cst.If):
            self.scan(stmt.test, env, loops)
            for tested in _truth_tested(stmt.test):
                self.check_iteration_query(tested, self.infer(tested, env), loops, truth=True)
            then_env = dict(env)
            dead = self._dead_branch(stmt.test, env)
            self._prefetch_checked(stmt.test, then_env)
            if dead != "body":
                self.block(stmt.body, then_env, _fallback(loops) if _precomputed(stmt.test) == "absent" else loops)
            else_env = dict(env)
            if stmt.orelse is not None and dead != "orelse":
                else_loops = _fallback(loops) if _precomputed(stmt.test) == "present" else loops
                if isinstance(stmt.orelse, cst.If):
                    self.statement(stmt.orelse, else_env, else_loops)
                else:
                    self.block(stmt.orelse.body, else_env, else_loops)
            then_leaves = _leaves(stmt.body)
            else_leaves = isinstance(stmt.orelse, cst.Else) and _leaves(stmt.orelse.body)
            if dead:  # only the live branch reaches what follows
                env.clear()
                env.update(else_env if dead == "body" else then_env)
            elif then_leaves != else_leaves:  # only the branch that falls through reaches what follows
                env.clear()
                env.update(else_env if then_leaves else then_env)
            else:
                self._merge(env, then_env, else_env)
        elif isinstance(stmt, cst.Try):
            self.block(stmt.body, env, loops)
            fallback = _once(loops)
            for handler in stmt.handlers:  # the exceptional path: not what runs per row
                self.block(handler.body, env, fallback)
            if stmt.orelse is not None:
                self.block(stmt.orelse.body, env, loops)
            if stmt.finalbody is not None:
                self.block(stmt.finalbody.body, env, loops)
        elif isinstance(stmt, cst.With):
            commits = []
            for item in stmt.items:
                self.scan(item.item, env, loops)
                if item.asname is not None:
                    self.bind(item.asname.name, None, env)
                    if isinstance(item.asname.name, cst.Name) and isinstance(item.item, cst.Call):
                        self.session_expires[item.asname.name.value] = self._made_session_expires(item.item)
                target = _method(item.item)
                if stmt.asynchronous is not None and target is not None and target[1] == "begin" \
                        and self._is_session(target[0], env):
                    commits.append(item.item)  # the block commits when it ends
            self.block(stmt.body, env, loops)
            for call in commits:
                self._commit(call, env)
        elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            env.pop(stmt.name.value, None)

    @staticmethod
    def _dead_branch(test: cst.BaseExpression, env: dict) -> str | None:
        """The branch of an ``if`` that never runs ("body" or "orelse") when its test is known (:func:`_known_truth`):
        ``if stack is None:`` in a helper handed the loop's row, ``if code and ...:`` in one whose call leaves
        ``code`` at its default ``None``."""
        truth = _known_truth(test, env)
        return None if truth is None else ("orelse" if truth else "body")

    def _keep_loaded(self, loop: cst.For | cst.CompFor, source, env: dict, every_row: set[str] | None = None) -> None:
        """After ``for invite in invites:`` (or ``[n for n in notes if n.is_known_issue_for(r)]``) reads
        ``invite.workspace`` on every row of an evaluated collection, the instances keep it (Django's result
        cache, a list, the identity map): a later loop over the same ``invites`` reads it without a query. The
        first loop's read is the one that loads. ``every_row``: what a comprehension's first ``if`` loaded (its
        other reads run on the rows that pass)."""
        loaded = self.loaded_per_row.get(id(loop)) if every_row is None else every_row
        if isinstance(loop, cst.CompFor) and every_row is None and loop.ifs:
            return
        stops = isinstance(loop, cst.For) and any(isinstance(n, (cst.Break, cst.Return)) for n in _subtree(loop.body))
        iterated = loop.iter
        if not loaded or not isinstance(iterated, cst.Name) or env.get(iterated.value) is not source \
                or not isinstance(source, Val) or not source.many or source.stmt or source.relation is not None \
                or stops:
            return  # a loop that may stop early leaves the later rows without it
        self.unloaded.setdefault(iterated.value, source)
        env[iterated.value] = replace(source, load=replace(source.load, eager=source.load.eager | loaded))

    def _prefetch_checked(self, test: cst.BaseExpression, env: dict) -> None:
        """``if "teams" in getattr(user, "_prefetched_objects_cache", {}):``: the block runs only for objects
        whose caller prefetched that relation, with whatever nested paths it chose: their loading is unknown."""
        for node in _subtree(test):
            if isinstance(node, (cst.Attribute, cst.SimpleString)) and (
                    node.attr.value if isinstance(node, cst.Attribute) else _string(node)) == DJANGO_EXTRAS.prefetch_cache:
                call = next((c for c in _subtree(test) if isinstance(c, cst.Call) and any(a.value is node for a in c.args)),
                            None)
                owner = _positional(call)[0] if call is not None and _positional(call) else \
                    node.value if isinstance(node, cst.Attribute) else None
                value = env.get(owner.value) if isinstance(owner, cst.Name) else None
                if isinstance(value, Val):
                    env[owner.value] = replace(value, load=replace(value.load, opaque=True))

    @staticmethod
    def _merge(env: dict, left: dict, right: dict) -> None:
        for name in set(left) | set(right):
            a, b = left.get(name), right.get(name)
            if a is b:
                env[name] = a
            elif isinstance(a, Collected) and isinstance(b, Collected) and a.grouped == b.grouped:
                merged = Collected(grouped=a.grouped, mixed=a.mixed or b.mixed)  # rows added in either branch
                for part in (c.rows for c in (a, b) if c.rows is not None):
                    merged = merged.add(replace(part, many=True))
                env[name] = merged
            elif isinstance(a, Val) and isinstance(b, Val) and a.model.qualname == b.model.qualname \
                    and (a.empty or b.empty):
                env[name] = b if a.empty else a  # ``qs = M.objects.none()`` then, in a branch, the real query
            elif isinstance(a, Val) and isinstance(b, Val) and a.model.qualname == b.model.qualname \
                    and a.many == b.many and a.loop is b.loop:
                # an eager load counts only when every branch asks for it
                load = replace(a.load, eager=a.load.eager & b.load.eager, everything=a.load.everything and
                               b.load.everything, opaque=a.load.opaque or b.load.opaque, fixable=False)
                env[name] = replace(a, load=load, expired=a.expired or b.expired)
            else:
                env[name] = None

    def small(self, small: cst.CSTNode, env: dict, loops: list[Loop]) -> None:
        if isinstance(small, cst.Assign):
            self.scan(small.value, env, loops)
            for target in small.targets:
                self._scan_target(target.target, env, loops)
            value = self.infer(small.value, env)
            value = self._in_loop(value, loops, small.value)
            for target in small.targets:
                self.bind(target.target, value, env)
                if isinstance(target.target, cst.Name):
                    self._note_construction(target.target.value, small.value, env)
                elif isinstance(target.target, cst.Attribute):
                    self._set_relation(target.target, small.value, env)
            if self.caller_loop is not None and loops and loops[0].caller and _names_in(small.value) & loops[0].names:
                # in a helper: what is computed from the per-iteration arguments varies per iteration too
                loops[0].names = loops[0].names | {n for t in small.targets for n in _names_in(t.target)}
            if isinstance(value, Val) and value.many and not value.stmt and value.relation is None \
                    and self._spec(value.load.orm).query.identity_map:
                complete = _loads_all_asked(small.value, self._spec(value.load.orm).query.filters)
                if complete is not None:
                    self.in_session[value.model.qualname] = complete or self.in_session.get(value.model.qualname, False)
        elif isinstance(small, cst.AnnAssign):
            if isinstance(small.target, cst.Name) and _names_session(small.annotation.annotation):
                self.session_names.add(small.target.value)
            if small.value is not None:
                self.scan(small.value, env, loops)
                self.bind(small.target, self._in_loop(self.infer(small.value, env), loops, small.value), env)
        elif isinstance(small, cst.AugAssign):
            self.scan(small.value, env, loops)
            self._scan_target(small.target, env, loops)
            self.bind(small.target, None, env)
        elif isinstance(small, cst.Return):
            if small.value is not None:
                self.scan(small.value, env, loops)
                value = self.infer(small.value, env)
                if isinstance(value, Val) and value.empty:
                    return  # ``return Model.objects.none()``: no rows, whatever the other returns load
                if self.route is not None and not loops:
                    self._response_loads(small.value, value)
                self.returns.append(value if isinstance(value, Val) else None)
            else:
                self.returns.append(None)
        elif isinstance(small, cst.Expr):
            self.scan(small.value, env, loops)
            target = _method(small.value)
            if target is not None and target[1] in _ROW_SELECTING_WRITES and isinstance(target[0], cst.Name) \
                    and target[0].value in self.unloaded:  # Django's update()/delete() empty the result cache
                env[target[0].value] = self.unloaded.pop(target[0].value)
            self._collect(small.value, env)
            self._session_statement(small.value, env)
            self._prefetch_objects(small.value, env)
        else:
            for child in walk_children(small):
                if type(child) not in _STATEMENTS:
                    self.scan(child, env, loops)

    def _scan_target(self, target: cst.BaseExpression, env: dict, loops: list[Loop]) -> None:
        """What an assignment's target reads: the key of ``counts[book.publisher.name] += 1``, the object of
        ``order.customer.name = ...`` (the relation loads before its attribute is set)."""
        if isinstance(target, cst.Subscript):
            self.scan(target.value, env, loops)
            for element in target.slice:
                if isinstance(element.slice, cst.Index):
                    self.scan(element.slice.value, env, loops)
        elif isinstance(target, cst.Attribute):
            self.scan(target.value, env, loops)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._scan_target(element.value, env, loops)

    def _in_loop(self, value, loops: list[Loop], fetch: cst.BaseExpression):
        """A single instance fetched inside a loop is a new object per iteration; except a relation read on an
        object the loop does not change (``ixlan = instance.ixlan``: the ORM keeps it on that object), and,
        where the session keeps an identity map, one fetched alike on every iteration (``fetch`` does not
        depend on it) and not expired in the loop (no commit, rollback, expire or refresh): the same object,
        whose relations load once (SQLAlchemy ``get_active_config(session)`` per row)."""
        if isinstance(value, Val) and not value.many and loops and value.loop is None:
            loop = loops[-1]
            if isinstance(fetch, cst.Attribute) and not self._depends(fetch, loop):
                return value  # ``ixlan = instance.ixlan``: read on an object the loop does not change, kept on it
            if self._spec(value.load.orm).query.identity_map and not self._depends(fetch, loop) and not any(
                    isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute)
                    and n.func.attr.value in SA.session_expiring for n in _subtree(loop.node)):
                return value
            return replace(value, loop=loop.node)
        return value

    def bind(self, target: cst.CSTNode, value, env: dict) -> None:
        if isinstance(target, cst.Name):
            env[target.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind(element.value, None, env)
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, None, env)

    def bind_loop(self, target: cst.CSTNode, source, env: dict, loop: cst.CSTNode) -> None:
        if isinstance(source, Paged):  # for post in pagination: the rows of the page
            source = source.rows
        if isinstance(source, Val) and source.entities and source.many and not source.stmt:
            source = ("result", source)  # session.query(A, B): each row a tuple of entities, as a result's
        if isinstance(source, Groups):  # for key, group in by_customer.items(): each group is rows
            if source.pairs and isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2:
                self.bind(target.elements[0].value, None, env)
                self.bind(target.elements[1].value, source.rows, env)
            else:
                self.bind(target, None if source.pairs else source.rows, env)
            return
        if isinstance(source, Enumerated) and isinstance(target, (cst.Tuple, cst.List)) \
                and len(target.elements) == 2:
            self.bind(target.elements[0].value, None, env)
            self.bind_loop(target.elements[1].value, source.inner, env, loop)
            return
        if isinstance(source, Zipped) and isinstance(target, (cst.Tuple, cst.List)) \
                and len(target.elements) == len(source.parts):
            for element, part in zip(target.elements, source.parts):
                self.bind_loop(element.value, part, env, loop)
            return
        if isinstance(source, Val) and source.relation is not None and self._manager_like(source.relation) \
                and not self._spec(source.load.orm).relations.iterable_managers:
            self.bind(target, None, env)  # for x in obj.rel on a Django manager: a TypeError, no rows
            return
        if isinstance(source, Val) and source.many and not source.stmt and not source.rows and not source.keyed \
                and isinstance(target, cst.Name):
            env[target.value] = replace(source, many=False, loop=loop, relation=None, receiver=None)
            return
        if isinstance(source, tuple) and isinstance(target, cst.Name):
            env[target.value] = Row(replace(source[1], many=False, loop=loop, relation=None, receiver=None))
            return
        if isinstance(source, tuple) and isinstance(target, (cst.Tuple, cst.List)) and source[1].entities:
            first = replace(source[1], many=False, loop=loop, relation=None, receiver=None, entities=())
            loaded = {m.qualname for m in source[1].entities if m is not None}
            first = replace(first, load=replace(first.load, eager=first.load.eager | self._in_identity_map(
                first.model, loaded)))
            # other entities: their relations load lazily when the query names no loader at all (their own
            # loaders are not told apart from the first entity's), except those the query's rows hold
            plain = not (first.load.calls or first.load.opaque or first.load.everything)
            for position, element in enumerate(target.elements):  # for user, count in session.execute(...)
                model = source[1].entities[position] if position < len(source[1].entities) else None
                if position == 0:
                    self.bind(element.value, first, env)
                elif model is not None:
                    load = Load(first.load.orm, eager=self._in_identity_map(model, loaded), fixable=False,
                                session=first.load.session, is_async=first.load.is_async) if plain \
                        else replace(first.load, opaque=True)
                    self.bind(element.value, Val(model, False, load, loop=loop), env)
                else:
                    self.bind(element.value, None, env)
            return
        self.bind(target, None, env)

    def _in_identity_map(self, model: ClassFact, loaded: set[str]) -> frozenset[str]:
        """The many-to-one relations of ``model`` to a model whose rows the same query loads: the identity map
        holds them (``for emp, dept in session.query(Employee, Department)``: ``emp.department``)."""
        return frozenset(r.name for r in self.models.relations(model).values() if not r.many and r.target in loaded)

    # -- expressions ---------------------------------------------------------------------
    def scan(self, node: cst.CSTNode | None, env: dict, loops: list[Loop]) -> bool:
        """Visit an expression for per-iteration loads; True when a lazy load was reported in it."""
        if node is None:
            return False
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            inner_env = dict(env)
            inner_loops = list(loops)
            comps = list(_comp_fors(node.for_in))
            every_row: set[str] | None = None  # what the first ``if`` loads on each row: it runs on them all
            for comp in comps:
                self.scan(comp.iter, inner_env, inner_loops)
                source = self.infer(comp.iter, inner_env)
                self.check_iteration_query(comp.iter, source, inner_loops)
                self._check_iteration(comp.iter, inner_env, inner_loops, comp.iter)
                loop = Loop(comp, loop_label(comp), frozenset(_names_in(comp.target)),
                            bounded=self.bounded(comp, inner_env))
                inner_loops = inner_loops + [loop]
                self.bind_loop(comp.target, source, inner_env, comp)
                for index, cond in enumerate(comp.ifs):
                    self.scan(cond.test, inner_env, inner_loops)
                    if index == 0:
                        every_row = set(self.loaded_per_row.get(id(comp), ()))
            if isinstance(node, cst.DictComp):
                self.scan(node.key, inner_env, inner_loops)
                self.scan(node.value, inner_env, inner_loops)
            else:
                self.scan(node.elt, inner_env, inner_loops)
            if len(comps) == 1 and not isinstance(node, cst.GeneratorExp):
                self._keep_loaded(comps[0], source, env, every_row)
            return False
        if isinstance(node, cst.Lambda):
            return False
        if isinstance(node, cst.Attribute):
            inner = self.scan(node.value, env, loops)  # line.product.category: two loads per row
            return self._check_attribute(node, env, loops) or inner
        if isinstance(node, cst.Await):
            inner = node.expression
            if self._check_awaited_relation(node, env, loops):
                return True
            return self.scan(inner, env, loops)
        if isinstance(node, cst.Call):
            return self._scan_call(node, env, loops)
        if isinstance(node, cst.Subscript) and loops:  # Person[pk]: a lookup by primary key
            self._check_query(node, env, loops)
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):  # qs[0]: a query for one row
                self.check_iteration_query(node.value, self.infer(node.value, env), loops)
        if isinstance(node, cst.NamedExpr):  # while batch := list(qs[a:b]):
            reported = self.scan(node.value, env, loops)
            self.bind(node.target, self._in_loop(self.infer(node.value, env), loops, node.value), env)
            return reported
        reported = False
        if isinstance(node, cst.FormattedStringExpression) and loops and node.conversion is None:
            reported = self._text_of_row(node, node.expression, env, loops)  # f"{book}": str(book)
        for child in walk_children(node):
            if type(child) not in _STATEMENTS:
                reported = self.scan(child, env, loops) or reported
        return reported

    def _text_of_row(self, node: cst.CSTNode, expr: cst.BaseExpression, env, loops) -> bool:
        """``str(book)``/``f"{book}"`` per row: the model's ``__str__`` runs, with what it loads lazily."""
        owner = self.infer(expr, env)
        return isinstance(owner, Val) and not owner.many and not owner.stmt \
            and self.framework_member_read(node, owner, TEXT_METHOD, loops)

    # -- objects expired by an async commit (ORM103) ---------------------------------------
    def _bind_provided_sessions(self, func: cst.FunctionDef) -> None:
        """``session: AsyncSession = Depends(get_session)`` (or inside ``Annotated[...]``)."""
        for param in (*func.params.posonly_params, *func.params.params, *func.params.kwonly_params):
            candidates = [param.default]
            annotation = param.annotation.annotation if param.annotation is not None else None
            if isinstance(annotation, cst.Subscript) and (dotted_name(annotation.value) or "").endswith("Annotated"):
                candidates += [e.slice.value for e in annotation.slice[1:] if isinstance(e.slice, cst.Index)]
            for candidate in candidates:
                if isinstance(candidate, cst.Call) and (dotted_name(candidate.func) or "").endswith("Depends") \
                        and candidate.args:
                    qualified = self._qualified(candidate.args[0].value)
                    expiry = session_expiry(self.ctx.index)
                    self.session_expires[param.name.value] = expiry.provider(qualified) if qualified else None

    def _qualified(self, expr: cst.BaseExpression) -> str | None:
        """A project-level name for ``expr``: imported, or defined at this module's top level."""
        qualified = self.ctx.imports.qualify(expr)
        if qualified is None and isinstance(expr, cst.Name):
            module = self.ctx.module_name
            qualified = f"{module}.{expr.value}" if module else expr.value
        return qualified

    def _made_session_expires(self, call: cst.Call) -> bool | None:
        """Whether the session ``call`` makes expires on commit: a session class, a factory, a provider."""
        found = constructed_expiry(call, self.ctx.imports)
        if found is not None:
            return found[0]
        qualified = self._qualified(call.func)
        if qualified is None:
            return None
        expiry = session_expiry(self.ctx.index)
        factory = expiry.factory(qualified)
        return factory if factory is not None else expiry.provider(qualified)

    def _expires(self, session: str) -> bool:
        known = self.session_expires.get(session)
        return known if known is not None else bool(session_expiry(self.ctx.index).project_default())

    def _note_construction(self, name: str, value: cst.BaseExpression, env: dict) -> None:
        """Remember ``obj = Model(...)`` / ``Model.model_validate(...)``: ``session.add(obj)`` attaches it;
        and ``repo = Repository(...)`` of a class of this module: its methods are followed."""
        for table in (self.constructed, self.session_expires, self.instances, self.foreign_instances,
                      self.prefetches, self.statements):
            table.pop(name, None)
        self.view_contexts.discard(name)
        if not isinstance(value, cst.Call):
            return
        self.statements[name] = value  # stmt = select(...): a query once executed
        imported = self._made_class(value)
        if imported is not None:
            self.foreign_instances[name] = imported
        if (dotted_name(value.func) or "").endswith("Prefetch"):
            self.prefetches[name] = value
        target = _method(value)
        if target is not None and target[1] == "get_context_data" and isinstance(target[0], cst.Call) \
                and dotted_name(target[0].func) == "super":
            self.view_contexts.add(name)
        if isinstance(value.func, cst.Name) and value.func.value in self.info.classes and value.func.value not in env:
            self.instances[name] = self.info.classes[value.func.value]
        expires = self._made_session_expires(value)  # session = async_session()
        if expires is not None:
            self.session_expires[name] = expires
        func = value.func.value if isinstance(value.func, cst.Attribute) and value.func.attr.value in (
            "model_validate", "from_orm") else value.func
        model = self.model_ref(func, env)
        if model is not None and self.orm(model) in SA_FAMILY:
            self.constructed[name] = model

    def _walks(self, loop: cst.While, env: dict) -> None:
        """``while node.parent_id: node = node.parent``: each iteration reads the relation of the object the
        previous one loaded, a new object per iteration (one query per level of a self-referencing key)."""
        for node in _subtree(loop.body):
            if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                    and isinstance(node.value, cst.Attribute) and isinstance(node.value.value, cst.Name) \
                    and node.value.value.value == node.targets[0].target.value:
                current = env.get(node.value.value.value)
                rel = self.models.relation(current.model, node.value.attr.value) if isinstance(current, Val) \
                    and not current.many else None
                if rel is not None and not rel.many and rel.target == current.model.qualname:
                    env[node.value.value.value] = replace(current, loop=loop, fetched=False)

    def _collect(self, expr: cst.BaseExpression, env: dict) -> None:
        """``rows.append(row)``, ``rows.extend(qs)``, ``groups[key].append(row)``,
        ``groups.setdefault(key, []).append(row)``: the rows a list or dict of lists now holds."""
        target = _method(expr)
        if target is None or target[1] not in ("append", "extend") or not isinstance(expr, cst.Call) or not expr.args:
            return
        holder, meth = target
        grouped = False
        if isinstance(holder, cst.Subscript) or (_method(holder) is not None and _method(holder)[1] == "setdefault"):
            holder, grouped = (holder.value if isinstance(holder, cst.Subscript) else holder.func.value), True
        if not isinstance(holder, cst.Name) or not isinstance(env.get(holder.value), Collected) \
                or env[holder.value].grouped != grouped:
            return
        added = self.infer(expr.args[0].value, env)
        if meth == "append":
            added = replace(added, many=True) if isinstance(added, Val) and not added.many else None
        env[holder.value] = env[holder.value].add(added)

    def _set_relation(self, target: cst.Attribute, value: cst.BaseExpression, env: dict) -> None:
        """``unit.translation = translation``: the instance now holds that relation, no load needed."""
        if not isinstance(target.value, cst.Name):
            return
        owner = env.get(target.value.value)
        if isinstance(owner, Val) and not owner.many and self.models.relation(owner.model, target.attr.value):
            path = "__".join(owner.prefix + (target.attr.value,))
            assigned = self.infer(value, env)
            nested = {f"{path}__{e}" for e in assigned.load.eager} if isinstance(assigned, Val) else set()
            env[target.value.value] = replace(owner, load=replace(owner.load, eager=owner.load.eager | {path} | nested))

    def _prefetch_objects(self, expr: cst.BaseExpression, env: dict) -> None:
        """``prefetch_related_objects(books, "author", "tags")``: the objects now carry those relations."""
        if not isinstance(expr, cst.Call) or not DJANGO_EXTRAS.prefetch_objects.matches(
                self.ctx.imports.qualify(expr.func)):
            return
        if not expr.args or expr.args[0].star or expr.args[0].keyword is not None:
            return
        objects = expr.args[0].value
        names = [e.value for e in objects.elements] if isinstance(objects, (cst.List, cst.Tuple)) else [objects]
        paths, opaque = set(), False
        for arg in expr.args[1:]:
            found = self._spread(arg) if arg.star else {p} if (p := _string(arg.value)) is not None else None
            paths |= found or set()
            opaque = opaque or found is None
        for name in names:  # prefetch_related_objects(books, ...) / ([book], ...): each object now carries them
            value = env.get(name.value) if isinstance(name, cst.Name) else None
            if isinstance(value, Val):
                env[name.value] = replace(value, load=replace(value.load, eager=value.load.eager | (paths or {"*"}),
                                                              opaque=value.load.opaque or opaque))

    def _session_statement(self, expr: cst.BaseExpression, env: dict) -> None:
        """``session.add(obj)``, ``await session.commit()``, ``await session.refresh(obj)``."""
        call = expr.expression if isinstance(expr, cst.Await) else expr
        target = _method(call) if isinstance(call, cst.Call) else None
        if target is None or not self._is_session(target[0], env):
            return
        session, meth = dotted_name(target[0]) or "", target[1]
        args = _positional(call)
        if meth in ("add", "add_all") and args:
            objects = [e.value for e in args[0].elements] if meth == "add_all" and isinstance(
                args[0], (cst.List, cst.Tuple)) else args[:1] if meth == "add" else []
            for obj in objects:
                if isinstance(obj, cst.Name) and env.get(obj.value) is None and obj.value in self.constructed:
                    model = self.constructed[obj.value]
                    env[obj.value] = Val(model, False, self._load(self.orm(model), None, fixable=False, session=session))
        elif meth == SA.session_commit and isinstance(expr, cst.Await):
            self._commit(call, env)
        elif meth == SA.session_refresh and isinstance(expr, cst.Await) and args and isinstance(args[0], cst.Name):
            value = env.get(args[0].value)
            if isinstance(value, Val):
                names = args[1] if len(args) > 1 else keyword(call, "attribute_names")
                loaded = {"__".join(value.prefix + (s,)) for e in getattr(names, "elements", ()) if (s := _string(e.value))}
                env[args[0].value] = replace(value, expired=None, load=replace(
                    value.load, is_async=True, eager=value.load.eager | loaded))

    def _commit(self, call: cst.Call, env: dict) -> None:
        """``await session.commit()``: with expire_on_commit, every object of the session is expired."""
        session = dotted_name(call.func.value) if isinstance(call.func, cst.Attribute) else None
        if not session or not self._expires(session):
            return
        for name, value in env.items():
            if isinstance(value, Val) and value.load.session == session and not value.stmt \
                    and value.load.orm in SA_FAMILY:
                env[name] = replace(value, expired=call)

    def _expired_read(self, node: cst.Attribute, owner: Val) -> bool:
        attr = node.attr.value
        if attr not in self.models.fields(owner.model) and self.models.relation(owner.model, attr) is None:
            return False
        self._report_expired(node, owner, node.value, attr)
        return True

    def _report_expired(self, node: cst.CSTNode, owner: Val, obj: cst.BaseExpression, attr: str = "") -> None:
        """One ORM103 event per expired object and commit (its first read)."""
        key = (id(owner.expired), f"expired:{_code(obj)}")
        if key not in self.reported and not self.quiet and self.via is None:
            self.reported.add(key)
            self.analysis.expired.append(ExpiredRead(node, owner, owner.expired, owner.load.session, obj, attr))

    def _loop_of(self, value: Val, loops: list[Loop]) -> Loop | None:
        """The loop that binds a new ``value`` per iteration; None for a row fetched by its own query
        (what it loads comes with that fetch, itself the per-iteration query: ORM102)."""
        if value.loop is None or value.fetched:
            return None
        for loop in loops:
            if loop.node is value.loop:
                return loop
        return None

    def _check_attribute(self, node: cst.Attribute, env, loops) -> bool:
        if isinstance(node.value, cst.Attribute) and node.value.attr.value == SA.awaitable_attrs:
            return self._awaitable_load(node, env, loops)
        owner = self.infer(node.value, env)
        if not isinstance(owner, Val) or owner.many or owner.stmt:
            return False
        if owner.expired is not None and self._expired_read(node, owner):
            return True
        rel = self.models.relation(owner.model, node.attr.value)
        if rel is None:
            return self._deferred_read(node, owner, loops) or \
                self._member_loads(node, owner, node.attr.value, loops, as_property=True)
        loop = self._loop_of(owner, loops)
        if loop is None and not owner.load.is_async:
            return False
        if self._manager_like(rel):
            return False  # the query runs when a method is called on it, or when iterated
        if self._loads_nothing(rel, owner.model) or owner.load.covers(owner.prefix + (rel.name,)):
            return False
        if self._spec(rel.orm).relations.read_by_await:
            return False
        if not rel.many and rel.target in self.in_session and (
                rel.target != owner.model.qualname or self.in_session[rel.target]):
            return False  # a many-to-one to rows loaded earlier: the session finds them in its identity map
        if self._known_without_query(owner, rel) or self._after_its_key(node, owner, rel):
            return False
        return self._emit(LazyLoad(node, node, owner, rel, loop, "attr"))

    def _after_its_key(self, node: cst.Attribute, owner: Val, rel: RelationFact) -> bool:
        """``cand.to_netbox_id or cand.to_netbox.id`` (also ``getattr(cand, "to_netbox_id", None) or ...``):
        the relation is read only when its key column is empty, and an empty forward key reads None
        without a query."""
        key = self.models.key_column(owner.model, rel) if not rel.many else None
        if key is None:
            return False
        child: cst.CSTNode = node
        parent = self.ctx.parent(node)
        while parent is not None and not isinstance(parent, (cst.BaseStatement, cst.BaseSmallStatement)):
            if isinstance(parent, cst.BooleanOperation) and isinstance(parent.operator, cst.Or) \
                    and child is parent.right and _reads_column(parent.left, node.value, key):
                return True
            child, parent = parent, self.ctx.parent(parent)
        return False

    def _deferred_read(self, node: cst.Attribute, owner: Val, loops) -> bool:
        """``article.body`` per row of ``Article.objects.only("title")``: a query per row for the column."""
        column = node.attr.value
        declared = self.models.fields(owner.model).get(column)
        loop = self._loop_of(owner, loops)
        if declared is None or loop is None or owner.prefix or column in ("id", "pk"):
            return False
        query = self._spec(owner.load.orm).query
        why = owner.load.left_out(column, declared.deferred
                                  or declared.constructor.rsplit(".", 1)[-1] in query.deferring_columns)
        return bool(why) and self._emit(DeferredRead(node, node, owner, column, why, loop))

    def _known_without_query(self, owner: Val, rel: RelationFact) -> bool:
        """A forward to-one relation whose key the rows' query fixed to NULL (it reads None without SQL) or,
        where the session's identity map serves repeated keys, to one value (one query for all rows at most:
        ``select(Hero).where(Hero.team_id == team_id)``, ``with_parent(event, Event.abstracts)``)."""
        if owner.prefix or rel.many:
            return False
        key = self.models.key_column(owner.model, rel)
        names = {rel.name, key} if key else set()
        if names & owner.load.null:
            return True
        return self._spec(rel.orm).query.identity_map and bool(names & owner.load.fixed)

    def _awaitable_load(self, node: cst.Attribute, env, loops) -> bool:
        """``await obj.awaitable_attrs.rel`` per iteration: no crash, but one query per object."""
        owner = self.infer(node.value.value, env)
        if not isinstance(owner, Val) or owner.many or owner.stmt:
            return False
        rel = self.models.relation(owner.model, node.attr.value)
        loop = self._loop_of(owner, loops)
        if rel is None or loop is None or self._loads_nothing(rel, owner.model) or owner.load.covers(owner.prefix + (rel.name,)):
            return False
        return self._emit(LazyLoad(node, node, owner, rel, loop, "awaitable"))

    def _member_loads(self, node: cst.CSTNode, owner: Val, name: str, loops, as_property: bool) -> bool:
        """``order.total()`` / ``order.summary`` where the model's method or property reads a lazy
        relation on ``self``: one load per object (the member's own code is one level deep)."""
        repeats = self._loop_of(owner, loops) is not None or owner.load.is_async
        found = self.models.member(owner.model, name) if repeats else None
        if found is None or found[1] != as_property:
            return False
        reads = found[2] if as_property or not isinstance(node, cst.Call) else _reads_reached(found[0], name, found[2],
                                                                                             node)
        return self._reads_load(node, owner, reads, f"{found[0].name}.{name}", loops)

    def framework_member_read(self, node: cst.CSTNode, owner: Val, name: str, loops) -> bool:
        """A framework reading the model member ``name`` of ``owner`` by name (a DRF ModelSerializer field
        named after a property, or a method it calls): what the member loads lazily, once per object."""
        found = self.models.member(owner.model, name)
        if found is None:
            return False
        if self._reads_load(node, owner, found[2], f"{found[0].name}.{name}", loops):
            return True
        queried = None if found[1] else self._member_runs(owner.model, name, False)
        if queried is None:
            return False
        self._record(LoopQuery(node, node, loops[-1], self.orm(queried), queried))  # a method running a query
        return True

    def _schema_loads(self, call: cst.Call, env, loops) -> bool:
        """``ArticleOut.model_validate(article)`` per row: the schema reads each of its fields, and a
        field named like a lazy relation (``writer: WriterOut``) loads it."""
        target = _method(call)
        args = _positional(call)
        if target is None or target[1] not in ("model_validate", "from_orm", "validate") or not args:
            return False
        owner = self.infer(args[0], env)
        qualified = self.ctx.imports.qualify(target[0]) or self._qualified(target[0])
        schema = self.models.resolve(qualified) if qualified and isinstance(owner, Val) else None
        if schema is None or owner.many or owner.stmt or self.models.is_concrete(schema):
            return False  # a table model's own constructor is not a schema reading the row
        fields = self._schema_fields(schema)
        mapped = set(self.models.fields(owner.model)) | set(self.models.relations(owner.model))
        if owner.expired is not None and fields & mapped:
            self._report_expired(call, owner, args[0])  # validating an expired object reads its columns
            return True
        return self._reads_load(call, owner, [(name, "attr") for name in sorted(fields)],
                                f"{schema.name}.{target[1]}", loops)

    def _response_schema(self, func: cst.FunctionDef) -> ClassFact | None:
        """The schema a FastAPI route validates each returned object against: the element of
        ``response_model=list[BookOut]`` on its decorator, else of its return annotation ``-> list[BookOut]``."""
        for decorator in func.decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value in FASTAPI.route_methods and self.ctx.imports.imports_from(FASTAPI.package):
                declared = keyword(call, FASTAPI.response_keyword) or (
                    func.returns.annotation if func.returns is not None else None)
                return self._element_schema(declared)
        return None

    def _element_schema(self, declared: cst.BaseExpression | None) -> ClassFact | None:
        """``BookOut`` of ``list[BookOut]``: a schema class of the project that is not a table model."""
        if not (isinstance(declared, cst.Subscript) and len(declared.slice) == 1
                and (dotted_name(declared.value) or "").rsplit(".", 1)[-1] in FASTAPI.collections
                and isinstance(declared.slice[0].slice, cst.Index)):
            return None
        element = declared.slice[0].slice.value
        qualified = self.ctx.imports.qualify(element) or self._qualified(element)
        schema = self.models.resolve(qualified) if qualified else None
        return schema if schema is not None and not self.models.is_concrete(schema) else None

    def _response_loads(self, node: cst.BaseExpression, value) -> None:
        """``return db.scalars(select(Book)).all()`` from a route whose response model is ``list[BookOut]``:
        FastAPI reads each field of the schema on every row, and a field named like a lazy relation loads it."""
        if not isinstance(value, Val) or not value.many or value.stmt or value.rows:
            return
        name, schema = self.route
        loop = Loop(node, f"object the route `{name}` returns (FastAPI validates each against `{schema.name}`)",
                    frozenset(), per_object=True)
        row = replace(value, many=False, loop=node, relation=None, receiver=None)
        self._reads_load(node, row, [(field, "attr") for field in sorted(self._schema_fields(schema))],
                         f"{schema.name}.model_validate", [loop])

    def _schema_fields(self, schema: ClassFact) -> set[str]:
        """The fields a Pydantic/SQLModel schema reads from an object, its bases' too."""
        return {name for cls in self.models.ancestors(schema) for name in (*cls.annotated, *(f.name for f in cls.fields))}

    def _model_to_dict_loads(self, call: cst.Call, env, loops) -> bool:
        """``model_to_dict(product)`` per row: the value of a many-to-many field is
        ``list(product.tags.all())``, a query per row unless prefetched; foreign keys give their key column
        (``fields``/``exclude`` narrow what it reads; not readable: left alone)."""
        args = _positional(call)
        owner = self.infer(args[0], env) if args else None
        if not isinstance(owner, Val) or owner.many or owner.stmt:
            return False
        chosen: list[set[str] | None] = []
        for position, name in ((1, "fields"), (2, "exclude")):
            value = keyword(call, name) or (args[position] if len(args) > position else None)
            if value is None or dotted_name(value) == "None":
                chosen.append(None)
                continue
            names = string_items(value)
            if names is None:
                return False
            chosen.append(set(names))
        fields, exclude = chosen
        reads = [(rel.name, "all") for rel in self.models.relations(owner.model).values()
                 if rel.kind == "m2m" and not rel.reverse and (fields is None or rel.name in fields)
                 and rel.name not in (exclude or ())]
        return self._reads_load(call, owner, reads, "model_to_dict()", loops)

    def _reads_load(self, node: cst.CSTNode, owner: Val, reads: list[tuple[str, str]], member: str, loops) -> bool:
        """The first lazy relation among ``reads`` ((attribute, how) pairs) of ``owner``, reported at ``node``."""
        loop = self._loop_of(owner, loops)
        if loop is None and not owner.load.is_async:
            return False  # an AsyncSession object: any lazy load raises, loop or not (ORM103)
        calls = {attr: how for attr, how in reads if how != "attr"}
        for attr in dict.fromkeys(attr for attr, _ in reads):
            rel = self.models.relation(owner.model, attr)
            if rel is None or self._loads_nothing(rel, owner.model) or self._spec(rel.orm).relations.read_by_await:
                continue
            cached = owner.load.covers(owner.prefix + (rel.name,)) or self._known_without_query(owner, rel)
            if self._manager_like(rel):
                how, query = calls.get(attr), self._spec(rel.orm).query
                if how is None or (query.relation_queries and (how not in query.relation_queries or (
                        cached and how in query.lookups))):
                    continue
                if how in query.chain and self._combined_lazily(node):
                    continue  # ``qs.union(facility.active_links)``: the member's queryset is combined, not run
                event = LazyLoad(node, node, owner, rel, loop, "manager", how, member=member)
            elif cached:
                continue
            else:
                event = LazyLoad(node, node, owner, rel, loop, "attr", member=member)
            return self._emit(event)
        return False

    def _manager_like(self, rel: RelationFact) -> bool:
        """Whether reading the accessor runs no query, its methods (or iterating it) do: a Django related
        manager, a Peewee backref, a Pony ``Set``, a dynamic SQLAlchemy relationship."""
        relations = self._spec(rel.orm).relations
        return (relations.collection_is_manager and rel.many) or (relations.to_one_is_manager and rel.reverse) \
            or rel.lazy in relations.querying_strategies

    def _loads_nothing(self, rel: RelationFact, model: ClassFact) -> bool:
        """Whether reading the relation of one object of ``model`` loads nothing of its own: it was loaded
        with its parent (or, by a batching ORM, for every object of the session at once), or never loads."""
        relations = self._spec(rel.orm).relations
        if rel.lazy in relations.non_loading_strategies:
            return True
        return rel.lazy in relations.eager_strategies and not self._key_elsewhere(rel, model)

    def _key_elsewhere(self, rel: RelationFact, model: ClassFact) -> bool:
        """A to-one relation whose column is on the other side (the side of a one-to-one that holds no
        key): reading it runs a query of its own even where the ORM batches to-one loads (Pony)."""
        rule = self._spec(rel.orm).relations.one_to_one_key
        target = self.models.target(rel) if rule and not rel.many else None
        if target is None:
            return False
        back = [r for r in self.models.relations(target).values() if r.target == model.qualname
                and (r.name == rel.reverse_name or r.reverse_name == rel.name
                     or not (r.reverse_name or rel.reverse_name))]
        if len(back) != 1 or back[0].many:
            return False  # a many-to-one: this side holds the key
        if rel.null != back[0].null:  # the non-null side of a one-to-one holds the key
            return rel.null
        return model.name > target.name  # between two nullable sides, the entity first by name holds it

    def _emit(self, event: "LazyLoad | DeferredRead") -> bool:
        if isinstance(event, LazyLoad) and event.mode == "attr" and event.owner.loop is not None:
            self.loaded_per_row.setdefault(id(event.owner.loop), set()).add(
                "__".join((*event.owner.prefix, event.relation.name)))
        if event.loop is not None and event.loop.once:
            return True  # at most one load: the block leaves the loop
        if self.caller_loop is not None and (event.loop is None or event.loop.node is not self.caller_loop):
            return True  # a loop of the helper itself: reported where the helper is analysed
        key = (id(event.loop.node) if event.loop else 0, f"{id(event.owner.loop)}:{event.owner.prefix}:"
               f"{event.key}:{id(self.via)}")
        if key in self.reported:
            return True
        self.reported.add(key)
        if isinstance(event, LazyLoad) and self._prefetched_by_callers(event):
            return True
        if self.via is not None:
            event.node = self.via
            event.via = self.via
            event.returned = False
        if not self.quiet:
            self.analysis.add(event)
        return True

    def _prefetched_by_callers(self, event: LazyLoad) -> bool:
        """Whether the rows come from a parameter (``def item_names(order)``: ``order.items.all()``) and every
        known call of the function passes objects that prefetched the relation read (see :mod:`ormlint.index.call_sites`)."""
        param = event.owner.load.given
        if not param or self.via is not None or self.caller_loop is not None:
            return False
        path = "__".join(event.owner.load.given_path + event.owner.prefix + (event.relation.name,))
        func = next((a for a in self.ctx.ancestors(event.access) if isinstance(a, cst.FunctionDef)), None)
        if func is None:
            return False
        names = [p.name.value for p in (*func.params.posonly_params, *func.params.params)]
        method = self.cls is not None and func in ModuleInfo.methods(self.cls).values() and not decorated_with(
            func, "staticmethod")
        if method:  # called through self (keyed by its class) or on another object
            keys = (method_key(self.ctx.module_name, self.cls.name.value, func.name.value), "." + func.name.value)
            position = names.index(param) - 1 if param in names else None
        else:
            keys = (f"{self.ctx.module_name}.{func.name.value}" if self.ctx.module_name else func.name.value,)
            position = names.index(param) if param in names else None
        slots = (RECEIVER,) if position == -1 else (param,) + ((str(position),) if position is not None else ())
        callers = self.ctx.index.derived(CallerPrefetches)
        if method and param == "self" and event.relation.orm == DJANGO.name and "__" in path \
                and not callers.known(keys) and self.ctx.index.derived(EagerPaths).loaded_somewhere(path):
            return True  # a model's property over its related rows, no call seen: queries listing them load the path
        return callers.covered(keys, slots, path)

    def _manager_access(self, node: cst.CSTNode, manager: cst.Attribute, meth: str, env, loops) -> bool:
        owner = self.infer(manager.value, env)
        if not isinstance(owner, Val) or owner.many or owner.stmt:
            return False
        rel = self.models.relation(owner.model, manager.attr.value)
        if rel is None or not self._manager_like(rel):
            return False
        loop = self._loop_of(owner, loops)
        if loop is None:
            return False
        if rel.orm == DJANGO.name and meth in DJANGO.query.same_model and self._combined_lazily(node):
            return False  # ``qs |= cond.items.all()``: one OR-ed queryset, run after the loop
        if rel.orm == DJANGO.name and (self._bound_for_lookups(node) or self._refers_outward(node)):
            return False  # ``ids = group.curators.values_list("id")`` used only in ``exclude(id__in=ids)``: a subquery
        spec = self._spec(rel.orm)
        if self._written(node, spec):
            return False  # ``post.identifiers.all().delete()``: a write per row (ORM102), no eager load serves it
        query = spec.query
        target = self.models.target(rel)
        custom = query.custom_methods and meth not in _writes(spec) and target is not None \
            and self.ctx.index.hooks.queryset_class(target, meth) is not None
        if query.relation_queries and meth not in query.relation_queries and not custom:
            return False
        cached = owner.load.covers(owner.prefix + (rel.name,))
        if cached and meth == "all" and rel.orm == DJANGO.name:
            chained = self._chain_above(node)  # ``rel.all().select_related("x")``: Django clones the cached
            if chained and self._requeries_cache(chained[0].func.attr.value, target, query):  # queryset
                return self._emit(LazyLoad(chained[0], chained[0], owner, rel, loop, "requery",
                                           chained[0].func.attr.value))
        if cached and meth in query.lookups:
            return False
        if cached and meth in query.ordered_lookups and target is not None and "ordering" in dict(target.meta):
            return False  # an ordered prefetched queryset slices its cache (Django)
        mode = "requery" if cached and query.lookups else "manager"
        return self._emit(LazyLoad(node, node, owner, rel, loop, mode, meth))

    @staticmethod
    def _requeries_cache(meth: str, target: ClassFact | None, query) -> bool:
        """Whether ``meth`` called on a prefetched relation's rows (``rel.all()``) builds a query of its own:
        Django serves ``count()``, ``exists()`` and an ordered ``first()`` from the cache, and runs a new query for
        a queryset derived from it (``filter()``, ``select_related()``, ``order_by()``...)."""
        if meth in query.lookups or meth in query.ordered_lookups and target is not None \
                and "ordering" in dict(target.meta):
            return False
        return meth in query.conditions or meth in query.chain or meth in query.rows \
            or meth in query.relation_restarts or query.loader(meth) is not None

    def _bound_for_lookups(self, node: cst.CSTNode) -> bool:
        """Whether the related queryset ``node`` starts is bound to a name that the function only hands to lookups
        (``filter(userprofile__id__in=curator_ids)``): Django runs it inside that query, as a subquery."""
        chain = self._chain_above(node)
        top = chain[-1] if chain else node
        statement = self.ctx.parent(top)
        if not (isinstance(statement, cst.Assign) and statement.value is top and len(statement.targets) == 1
                and isinstance(statement.targets[0].target, cst.Name)):
            return False
        name = statement.targets[0].target.value
        function = next((a for a in self.ctx.ancestors(statement) if isinstance(a, cst.FunctionDef)), None)
        uses = [n for n in _subtree(function.body) if isinstance(n, cst.Name) and n.value == name
                and n is not statement.targets[0].target and not _names_a_member(n, self.ctx.parent(n))] \
            if function is not None else []
        return bool(uses) and all(isinstance(arg := self.ctx.parent(use), cst.Arg) and arg.value is use
                                  and arg.keyword is not None and "__" in arg.keyword.value for use in uses)

    def _refers_outward(self, node: cst.CSTNode) -> bool:
        """``node.relations.filter(child=OuterRef("pk"))``: a queryset filtered on the outer query's row is a subquery
        (``Exists(...)``, ``Subquery(...)``); Django cannot run it on its own."""
        return any(isinstance(n, cst.Call) and (dotted_name(n.func) or "").rsplit(".", 1)[-1] ==
                   DJANGO_EXTRAS.outer_reference for call in (node, *self._chain_above(node)) for n in descendants(call))

    def _written(self, node: cst.CSTNode, spec: OrmSpec) -> bool:
        """Whether the query ``node`` builds is written, not read: a chain of the same model's methods on it ends
        in a write of the queryset (``.all().delete()``, ``.filter(...).update(...)``)."""
        return any(spec.write(call.func.attr.value, "query") is not None for call in self._chain_above(node))

    def _chain_above(self, node: cst.CSTNode) -> list[cst.Call]:
        """The method calls chained on ``node``, nearest first: ``.values_list(...)``, then ``.order_by()`` for
        ``node.values_list(...).order_by()``."""
        chain: list[cst.Call] = []
        while isinstance(parent := self.ctx.parent(node), cst.Attribute) and parent.value is node \
                and isinstance(call := self.ctx.parent(parent), cst.Call) and call.func is parent:
            chain.append(call)
            node = call
        return chain

    def _combined_lazily(self, node: cst.CSTNode) -> bool:
        """A Django queryset used only as an operand of ``|``/``&`` (or ``|=``/``&=``), or handed to another's
        ``union()``/``intersection()``/``difference()``: combining querysets builds one query and runs none."""
        parent = self.ctx.parent(node)
        if isinstance(parent, cst.Arg) and parent.keyword is None:
            call = self.ctx.parent(parent)
            return isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                and call.func.attr.value in DJANGO.query.combinators
        if isinstance(parent, cst.BinaryOperation):
            return isinstance(parent.operator, (cst.BitOr, cst.BitAnd))
        return isinstance(parent, cst.AugAssign) and parent.value is node \
            and isinstance(parent.operator, (cst.BitOrAssign, cst.BitAndAssign))

    def _check_iteration(self, iter_expr: cst.BaseExpression, env, loops, report_at: cst.CSTNode) -> bool:
        """``for x in parent.rel`` where iterating the accessor runs a query (Peewee backrefs, dynamic
        relationships, lazy Pony collections)."""
        if not isinstance(iter_expr, cst.Attribute):
            return False
        owner = self.infer(iter_expr.value, env)
        if not isinstance(owner, Val) or owner.many:
            return False
        rel = self.models.relation(owner.model, iter_expr.attr.value)
        if rel is None or not self._spec(rel.orm).relations.iterating_collection_queries \
                or not self._manager_like(rel) or self._loads_nothing(rel, owner.model):
            return False
        loop = self._loop_of(owner, loops)
        if loop is None or owner.load.covers(owner.prefix + (rel.name,)):
            return False
        return self._emit(LazyLoad(report_at, iter_expr, owner, rel, loop, "manager", "iter"))

    def _check_awaited_relation(self, node: cst.Await, env, loops) -> bool:
        """``await order.customer`` / ``await obj.fetch_related("rel")`` per iteration (Tortoise)."""
        expr = node.expression
        manager, meth = expr, ""
        target = _method(expr)
        if target is not None:
            receiver, meth = target
            if meth == TORTOISE_EXTRAS.fetch_related:
                owner = self.infer(receiver, env)
                if isinstance(owner, Val) and not owner.many and self._spec(owner.load.orm).relations.read_by_await:
                    loop = self._loop_of(owner, loops)
                    for arg in _positional(expr):
                        name = _string(arg)
                        rel = self.models.relation(owner.model, name or "")
                        if rel is not None and loop is not None and not owner.load.covers(owner.prefix + (rel.name,)):
                            return self._emit(LazyLoad(node, node, owner, rel, loop, "await", "fetch_related"))
                return False
            manager = receiver
        while isinstance(manager, cst.Call) and isinstance(manager.func, cst.Attribute) \
                and manager.func.attr.value in _AWAITED_CHAIN:  # await writer.articles.all().count()
            manager = manager.func.value
        if not isinstance(manager, cst.Attribute):
            return False
        owner = self.infer(manager.value, env)
        if not isinstance(owner, Val) or owner.many or not self._spec(owner.load.orm).relations.read_by_await:
            return False
        rel = self.models.relation(owner.model, manager.attr.value)
        loop = self._loop_of(owner, loops)
        if rel is None or loop is None:
            return False
        if owner.load.covers(owner.prefix + (rel.name,)) and meth == "":
            return False  # the prefetched relation itself; .all()/.filter() build a new query
        return self._emit(LazyLoad(node, node, owner, rel, loop, "await", meth))

    def _scan_call(self, call: cst.Call, env, loops) -> bool:
        reported = False
        target = _method(call)
        inner_reported = False
        if loops and DJANGO_EXTRAS.model_to_dict.matches(self.ctx.imports.qualify(call.func)):
            reported = self._model_to_dict_loads(call, env, loops)
        elif loops and isinstance(call.func, cst.Name) and call.func.value == "str" and "str" not in env \
                and len(call.args) == 1 and not call.args[0].star and self.ctx.imports.qualify(call.func) is None:
            reported = self._text_of_row(call, call.args[0].value, env, loops)
        elif target is not None and isinstance(target[0], cst.Attribute):
            inner_reported = self.scan(target[0].value, env, loops)
            reported = inner_reported or self._manager_access(call, target[0], target[1], env, loops) \
                or self._check_attribute(target[0], env, loops)  # book.author.get_full_name()
        elif target is not None and loops:
            owner = self.infer(target[0], env)
            if isinstance(owner, Val) and not owner.many and not owner.stmt:
                reported = self._member_loads(call, owner, target[1], loops, as_property=False)
            else:
                reported = self._schema_loads(call, env, loops)
        if not reported and loops:
            if not self._check_query(call, env, loops):
                self._check_raw(call, loops)
            self._check_helper(call, env, loops)
        if self.caller_loop is None and not self.quiet:
            self._follow_rows_argument(call, env)
        if isinstance(call.func, cst.Name) and call.func.value in ("list", "len", "sorted", "tuple", "set", "bool") \
                and call.args and loops:
            truth = call.func.value == "bool"
            if not truth:
                reported = self._check_iteration(call.args[0].value, env, loops, call) or reported
            if call.func.value not in env and self.ctx.imports.qualify(call.func) is None:  # the builtin evaluates it
                self.check_iteration_query(call.args[0].value, self.infer(call.args[0].value, env), loops, truth)
        if target is not None and target[1] == "extend" and len(call.args) == 1 and call.args[0].keyword is None \
                and loops:  # rows.extend(qs): the list iterates what it is handed
            handed = call.args[0].value
            reported = self._check_iteration(handed, env, loops, call) or reported
            self.check_iteration_query(handed, self.infer(handed, env), loops)
        if target is None or not isinstance(target[0], cst.Attribute):
            reported = self.scan(call.func, env, loops) or reported
        for arg in call.args:
            self.scan(arg.value, env, loops)
        self._scan_lambda_loop(call, env, loops)
        return reported

    def _scan_lambda_loop(self, call: cst.Call, env, loops) -> None:
        """``map(lambda o: o.author.name, qs)``, ``sorted(qs, key=lambda o: ...)``: the lambda runs per row."""
        name = (dotted_name(call.func) or "").rsplit(".", 1)[-1]
        where = LAMBDA_CALLERS.get(name, "key" if name == "sort" and isinstance(call.func, cst.Attribute) else None)
        if where is None or self.ctx.imports.qualify(call.func) not in (None, "itertools.groupby"):
            return
        positional = _positional(call)
        if where == "key":  # keyword-only, but groupby(rows, key) also takes it second
            function = keyword(call, "key") or (positional[1] if name == "groupby" and len(positional) > 1 else None)
            iterable = call.func.value if name == "sort" else (positional[0] if positional else None)
        else:
            function, iterable = (positional[0], positional[1]) if len(positional) > 1 else (None, None)
        if not isinstance(function, cst.Lambda) or iterable is None or len(function.params.params) != 1:
            return
        inner_env = dict(env)
        loop = Loop(function, f"`{short(call, 40)}` call", frozenset({function.params.params[0].name.value}))
        self.bind_loop(function.params.params[0].name, self.infer(iterable, env), inner_env, function)
        self.scan(function.body, inner_env, loops + [loop])

    # -- explicit queries per iteration ----------------------------------------------------
    def _depends(self, node: cst.CSTNode, loop: Loop, extra: frozenset[str] = frozenset()) -> bool:
        """Whether ``node`` reads a name the loop binds anew each iteration (a comprehension's own variable,
        ``[i.split("-")[0] for i in ids]``, is not the loop's ``i`` whatever the loop's body binds)."""
        return bool(names_read(node) & (loop.names | extra))

    def _check_query(self, call: cst.Call | cst.Subscript, env, loops) -> bool:
        """Record an ORM query run per iteration; True when ``call`` is an ORM query (per iteration or not)."""
        found = self._query_kind(call, env)
        if found is None:
            return False
        orm, model, write, receiver_expr = found
        inner = receiver_expr
        while isinstance(inner, (cst.Call, cst.Await, cst.Subscript, cst.Attribute)):
            if isinstance(inner, cst.Call) and self._query_kind(inner, env) is not None:
                return True  # the inner call is the query; report it once
            inner = inner.expression if isinstance(inner, cst.Await) else (
                inner.func if isinstance(inner, cst.Call) else inner.value)
        selects = receiver_expr if write in _ROW_SELECTING_WRITES else _text_where_values(call) or call
        loop = self._varying_loop(selects, loops)  # filter(pk=x).update(total=y): the rows written are filter's
        if self._per_iteration(call, selects, loop) and not (
                write in _ONE_ROW_PER_KEY and self._memoised(call, loop)) and not self._runs_script(call, loop):
            self._record(LoopQuery(call, call, loop, orm, model, write, raw=self._text_statement(call),
                                   chain=_chain_walk(loop, call)))
        return True

    def _varying_loop(self, depends: cst.CSTNode | tuple, loops: list[Loop]) -> Loop:
        """The innermost loop whose iteration changes what the query selects: a query in an inner loop that
        reads only the outer loop's row (``for p in playlists: for m in media: count(playlist=p)``) still runs
        once per outer row (and again per inner iteration). An inner loop over a bounded collection (``for
        status in STATUSES``) inside a loop over rows that the query also reads runs it a few times per row:
        the outer loop is the one to name."""
        parts = depends if isinstance(depends, tuple) else (depends,)
        varying = [loop for loop in reversed(loops) if any(self._depends(p, loop) for p in parts)]
        return next((loop for loop in varying if not loop.bounded), varying[0] if varying else loops[-1])

    def _per_iteration(self, query: cst.CSTNode, depends: cst.CSTNode | tuple, loop: Loop) -> bool:
        """Whether ``query`` runs once per iteration of ``loop``: ``depends`` (the query, or the part of it that
        selects its rows) changes with the iteration, and the loop repeats it per row."""
        if self.quiet or (self.caller_loop is not None and loop.node is not self.caller_loop):
            return False
        parts = depends if isinstance(depends, tuple) else (depends,)
        return self._repeats(loop, query, self.via) and any(self._depends(p, loop, self.helper_params) for p in parts) \
            and not any(self._group_of_iteration(p, loop) for p in parts)

    def _group_of_iteration(self, query: cst.CSTNode, loop: Loop) -> bool:
        """The query asks for the group of rows the iteration hands it at once (``filter(pk__in=ids)``,
        ``M.id.in_(ids)``, also in a statement built before, with ``ids`` bound by the loop: ``for kind, ids in
        ids_by_kind.items()``): one query per group, which is what batching the rows gives."""
        if not isinstance(loop.node, (cst.For, cst.CompFor)):
            return False
        handed = _target_names(loop.node.target)
        statements = [query, *(self.statements[n.value] for n in _subtree(query)
                               if isinstance(n, cst.Name) and n.value in self.statements)]
        for node in (n for statement in statements for n in _subtree(statement) if isinstance(n, cst.Call)):
            groups = [a.value for a in node.args if a.keyword is not None and a.keyword.value.endswith("__in")]
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "in_":
                groups += [a.value for a in node.args if a.keyword is None]
            if any(isinstance(g, cst.Name) and g.value in handed for g in groups):
                return True
        return False

    def _record(self, event: LoopQuery) -> None:
        event.locked = self._locked(event.query, event.loop)
        if self.via is not None:
            event.node = self.via
            event.via = self.via
            event.returned = False
        self.analysis.add(event)

    def _check_raw(self, call: cst.CSTNode, loops) -> None:
        """SQL run through a driver per iteration, with parameters that change with it (see :mod:`.raw`)."""
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute) \
                or call.func.attr.value not in RUNS_ONE:
            return
        if self.analysis.raw is None:
            self.analysis.raw = RawStatements(self.ctx)
        raw = self.analysis.raw.statement(call)
        if raw is not None and raw.paged:
            return  # LIMIT n OFFSET %(offset)s: a page of one result per iteration, batches by design
        loop = self._varying_loop(raw.params, loops) if raw is not None and raw.params else loops[-1]
        if raw is not None and raw.params and self._per_iteration(call, raw.params, loop) \
                and (raw.write or not self._memoised(call, loop)):
            self._record(LoopQuery(call, call, loop, "", None, "", raw=raw))

    def _runs_script(self, call: cst.Call | cst.Subscript, loop: Loop) -> bool:
        """``connection.execute(text(line))`` for each ``line`` of a script: the statement itself is what the
        loop hands over (the loop's variable, or a method of it: ``line.strip()``), a different statement each
        time, not one statement's parameters: nothing to batch."""
        args = _positional(call) if isinstance(call, cst.Call) else []
        if not args or not isinstance(args[0], cst.Call) or not args[0].args or not self._builds_statement(args[0]) \
                or not isinstance(loop.node, (cst.For, cst.CompFor)) or not isinstance(loop.node.target, cst.Name):
            return False
        sql = args[0].args[0].value
        while isinstance(sql, cst.Call) and isinstance(sql.func, cst.Attribute) and not sql.args:
            sql = sql.func.value
        return isinstance(sql, cst.Name) and sql.value == loop.node.target.value

    def _text_statement(self, call: cst.CSTNode) -> RawStatement | None:
        """``session.execute(text("..."), {...})``: SQL text with named parameters."""
        args = _positional(call) if isinstance(call, cst.Call) else []
        if not args or not isinstance(args[0], cst.Call) or not any(
                names.matches(self.ctx.imports.qualify(args[0].func)) for names in SA.text):
            return None
        return RawStatement(call, args[0], tuple(args[1:]), "named", None, raw_writes(args[0]))

    def _memoised(self, query: cst.CSTNode, loop: Loop) -> bool:
        """Whether the query's result is kept per key and asked only when the key is missing, so it runs once
        per distinct key, not per row (``if key not in cache: cache[key] = Model.objects.get(...)``, also
        ``key not in cache.keys()``, or the
        ``else`` of ``if key in cache``). In a helper the loop calls, the cache must outlive the call (an
        attribute of ``self``, a module's dict); or the loop keeps what the helper's call returns that way
        (``cache[key] = await self.find(key)``)."""
        return self._kept_per_key(query, loop, self.via is not None) or (
            self.via is not None and self._kept_per_key(self.via, loop, False))

    def _kept_per_key(self, query: cst.CSTNode, loop: Loop, in_helper: bool) -> bool:
        """:meth:`_memoised` for the query or call ``query``, in a helper the loop calls or not."""
        branch: cst.CSTNode = query
        for ancestor in self.ctx.ancestors(query):
            if ancestor is loop.node or isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
                return False
            if isinstance(ancestor, cst.If):
                missing = ancestor.body if branch is ancestor.body else ancestor.orelse if branch is ancestor.orelse else None
                container = _missing_key_test(ancestor, loop.node, in_else=missing is ancestor.orelse) \
                    if missing is not None else None
                if container is not None and (not in_helper or self._outlives_call(container, ancestor)) and any(
                        isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Subscript)
                        and _code(n.target.value) == container for n in _subtree(missing)):
                    return True
            branch = ancestor
        return False

    def _outlives_call(self, container: str, node: cst.CSTNode) -> bool:
        """Whether a helper's cache is kept between its calls: an attribute (``self._nodes``), or a name
        the helper does not bind itself (a module's dict)."""
        if "." in container:
            return container.split(".", 1)[0] in ("self", "cls")
        function = next((a for a in self.ctx.ancestors(node) if isinstance(a, cst.FunctionDef)), None)
        return function is not None and not any(
            isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Name) and n.target.value == container
            for n in _subtree(function)) and container not in {p.name.value for p in function.params.params}

    def _locked(self, query: cst.CSTNode, loop: Loop) -> bool:
        """Whether ``query`` locks the rows it reads (``select_for_update()``, ``with_for_update``), or runs
        inside a lock context entered in the loop's body (or, for a helper, in the helper or around its call)."""
        if any(isinstance(n, cst.Call) and (
                (isinstance(n.func, cst.Attribute) and n.func.attr.value in _LOCKS)
                or any(a.keyword is not None and a.keyword.value in _LOCK_KEYWORDS for a in n.args))
               for n in _subtree(query)):
            return True
        for start in (query, self.via):
            for ancestor in self.ctx.ancestors(start) if start is not None else ():
                if ancestor is loop.node or isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
                    break
                if isinstance(ancestor, cst.With) and any(_is_lock(item.item) for item in ancestor.items):
                    return True
        return False

    @staticmethod
    def _repeats(loop: Loop, query: cst.CSTNode, via: cst.Call | None = None) -> bool:
        """Whether ``query`` in this loop runs once per row: not in a block that leaves the loop,
        not a retry/poll/batch ``while``, not a loop over a bounded collection (see :meth:`bounded`)."""
        node = loop.node
        if loop.once or _flushed_per_batch(node, via or query) or _once_per_key(node, via or query):
            return False
        if isinstance(node, cst.While):
            # walking rows one by one (``node = M.objects.get(pk=node.parent_id)``, ``rows.pop()``):
            # the body's query reads what the body rebinds. Not a poll or retry (sleeps), a prompt (``input()``
            # until the answer is valid), a search
            # (breaks or returns once found, or asks in the condition), a batch (``__in`` many).
            body = list(_subtree(node.body))
            return not any(n is query or n is via for n in _subtree(node.test)) and not any(
                isinstance(n, (cst.Break, cst.Return)) or (isinstance(n, cst.Call) and (
                    dotted_name(n.func) or "").rsplit(".", 1)[-1] in _PACING) for n in body
            ) and not _batched(query) and bool(_names_in(query) & loop.names) and not _served_by_test(node, query) \
                and not _until_answered(node, via or query) and not _time_windows(node, via or query)
        return not loop.bounded

    def bounded(self, loop: cst.For | cst.CompFor, env: dict) -> str:
        """Why one query per element of what ``loop`` iterates is not an N+1 ("" when it is rows, or may be):
        a batch per iteration, a bounded collection written in the code or kept in configuration (literals,
        constants, enum members, settings, command-line and keyword arguments, a model's fields, the values of
        one row's column), or a loop that sleeps on every iteration (throttled on purpose)."""
        source = loop.iter
        target = _code(loop.target).lower()
        feeder = (dotted_name(source.func if isinstance(source, cst.Call) else source) or "").lower()
        if any(word in target for word in BATCH_WORDS) or any(word in feeder for word in BATCH_WORDS) and not (
                isinstance(rows := self.infer(source, env), Val) and rows.many and not rows.stmt):
            return "batches"  # for batch in chunked(rows, 500); not a row at a time from _batch_query(qs)
        if isinstance(source, cst.Call) and dotted_name(source.func) == "range":
            args = [a.value for a in source.args]
            if len(args) == 3:
                return "batches"  # for start in range(0, len(rows), BATCH): a slice of rows per iteration
            if all(isinstance(a, (cst.Integer, cst.UnaryOperation)) or (
                    isinstance(a, cst.Name) and a.value in self.info.literals | self.literals)
                   or self._bounded_value(a, env) == "a constant" for a in args) or (
                    len(args) == 1 and isinstance(args[0], cst.Call) and dotted_name(args[0].func) == "len"
                    and args[0].args and self._bounded_value(args[0].args[0].value, env)):
                return "a bounded range"  # range(3), range(attempts) with attempts = 100, range(len(TIERS))
        reason = self._bounded_value(source, env)
        if reason:
            return reason
        if isinstance(loop, cst.For) and (_retries(loop) or self._retrying(source)):
            return "a retry loop"
        if isinstance(loop, cst.For) and _throttled(loop, self.info):
            return "a throttled loop"
        if isinstance(loop, cst.For) and _every_iteration(loop, lambda call: calls_remote(call, self.ctx.imports)):
            return "a request to another service per iteration"
        return ""

    def _retrying(self, source: cst.BaseExpression) -> bool:
        """``for attempt in Retrying(...)`` / ``async for attempt in AsyncRetrying(...)`` (tenacity): each
        iteration is another attempt at the same work after a failure, not another row."""
        return isinstance(source, cst.Call) and is_from(self.ctx.imports.qualify(source.func), _RETRY_LIBRARY,
                                                         *_RETRY_ITERATORS)

    def _bounded_value(self, source: cst.BaseExpression, env: dict) -> str:
        """Why ``source`` is a small collection fixed by the code or the configuration ("" : it may be rows)."""
        if isinstance(source, cst.Call) and isinstance(source.func, cst.Attribute) and source.func.attr.value in (
                "items", "keys", "values") and not source.args:
            source = source.func.value
        if isinstance(source, cst.Name) and source.value in self.bounded_names:
            return "a name bound only to a bounded collection"  # pending = rows[:5]; roles = settings.ROLES
        if isinstance(source, cst.IfExp) or (isinstance(source, cst.BooleanOperation) and isinstance(
                source.operator, cst.Or)):  # list(names) if names else []; options.get("tags") or []
            sides = (source.body, source.orelse) if isinstance(source, cst.IfExp) else (source.left, source.right)
            reasons = [self._bounded_value(side, env) for side in sides]
            return reasons[0] if all(reasons) else ""
        if isinstance(source, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)) \
                and source.for_in.inner_for_in is None:
            return self._bounded_value(source.for_in.iter, env)  # [r[0] for r in rows[:6]]: as many as its source
        if isinstance(source, cst.Subscript) and _few(source, self._count):
            return "a short slice"  # assets[:5]: at most five, whatever the query returns
        if self._limited(source):
            return "a short slice"  # query.limit(5).all(): at most five rows
        if isinstance(source, cst.Subscript) and all(isinstance(e.slice, cst.Slice) for e in source.slice):
            return self._bounded_value(source.value, env)  # sys.argv[1:]
        if isinstance(source, cst.Call) and isinstance(source.func, cst.Name) and source.func.value in _SAME_ELEMENTS \
                and source.args and self.ctx.imports.qualify(source.func) is None:
            return self._bounded_value(source.args[0].value, env)  # list(Status), enumerate(settings.LANGUAGES)
        if isinstance(source, cst.Attribute) and dotted_name(source.value) in ("self", "cls") and self.cls is not None \
                and isinstance(ModuleInfo.attributes(self.cls).get(source.attr.value), (cst.List, cst.Tuple, cst.Set,
                                                                                          cst.Dict)) \
                and not any(isinstance(n, cst.AssignTarget) and _code(n.target) == _code(source)
                            for n in descendants(self.cls.body)):
            return "a literal collection"  # self.kinds, with ``kinds = ("open", "closed")`` in the class body
        if is_literal_collection(source) or (
                isinstance(source, cst.Name) and source.value in self.info.literals | self.literals):
            return "a literal collection"
        if _formset(source):
            return "a formset's forms"  # for form in formset: one page a person filled in
        if _configuration_entry(source):
            return "configuration"  # config.get("MASTER_DIRECTORIES"), app.config["ALLOWED_HOSTS"]
        if isinstance(source, cst.Subscript) or (isinstance(source, cst.Call) and _method(source) is not None
                                                 and _method(source)[1] == "get"):  # options["ids"], kwargs.get("x")
            holder = source.value if isinstance(source, cst.Subscript) else source.func.value
            if isinstance(holder, cst.Name) and holder.value in self.variadic:
                return "arguments"
        dotted = dotted_name(source) or ""
        called = dotted_name(source.func) if isinstance(source, cst.Call) else None  # apps.get_app_configs()
        qualified = self.ctx.imports.qualify_dotted(dotted or called) if dotted or called else None
        if qualified and any(qualified == c or qualified.startswith(c + ".") for c in _CONFIGURATION):
            return "configuration"  # settings.LANGUAGES, sys.argv, os.environ, apps.get_app_configs()
        if dotted and qualified and qualified in self.ctx.index.derived(LiteralCollections).names:
            return "a literal collection"  # KIND_MAP, imported from the module that writes it out
        if isinstance(source, cst.Name) and source.value in self.variadic:
            return "arguments"
        last = dotted.rsplit(".", 1)[-1]
        if last.isupper() and len(last) > 1:
            return "a constant"  # a module constant: a fixed, small collection
        if last[:1].isupper() and (isinstance(source, cst.Attribute) or (
                isinstance(source, cst.Name) and source.value not in env and self.model_ref(source, env) is None
                and (qualified or source.value in self.info.classes))):
            return "an enum's members"  # Order.Status, OrderStatus: iterating a class
        if any(isinstance(n, cst.Attribute) and n.attr.value == DJANGO_EXTRAS.model_options for n in _receivers(source)):
            return "a model's fields"  # Model._meta.get_fields(), obj._meta.many_to_many, _meta.get_field("x").choices
        if isinstance(source, cst.Attribute) and source.attr.value in DJANGO_EXTRAS.choices_attributes \
                and (dotted_name(source.value) or "").rsplit(".", 1)[-1][:1].isupper() \
                and self.model_ref(source.value, env) is None:
            return "an enum's members"  # Order.Status.choices: the members of a choices class
        if isinstance(source, cst.Attribute):
            owner = self.infer(source.value, env)
            if isinstance(owner, Val) and not owner.many and not owner.stmt and \
                    source.attr.value in self.models.fields(owner.model) and \
                    self.models.relation(owner.model, source.attr.value) is None:
                return "the values of one row's column"  # template.statuses: a JSON list stored in one row
        return ""

    def _limited(self, source: cst.BaseExpression) -> bool:
        """A query chain cut to :data:`FEW` rows or fewer: ``.limit(5)``, or ``.limit(MAX)`` with a module's
        ``MAX = 5`` (SQLAlchemy, Peewee, Tortoise), also the statement a session runs."""
        node = source
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            if node.func.attr.value in SA.session_queries and node.args:  # session.scalars(select(M).limit(5))
                node = node.args[0].value
                continue
            if node.func.attr.value == "limit" and len(node.args) == 1:
                count = self._count(node.args[0].value)
                return count is not None and 0 <= count <= FEW
            node = node.func.value
        return False

    def _count(self, expr: cst.BaseExpression | None) -> int | None:
        """An integer written in the code: a literal, a module constant (``MAX = 5``), or the default of a
        parameter of the function (``max_num=15``, what its callers normally leave it at)."""
        if isinstance(expr, cst.Name):
            expr = self.counts.get(expr.value) or next(
                (s.value for line in self.ctx.module.body if isinstance(line, cst.SimpleStatementLine)
                 for s in line.body if isinstance(s, cst.Assign) and len(s.targets) == 1
                 and isinstance(s.targets[0].target, cst.Name) and s.targets[0].target.value == expr.value), expr)
        return int(expr.evaluated_value) if isinstance(expr, cst.Integer) else None

    def _query_kind(self, call: cst.Call | cst.Subscript, env):
        """(orm, model, write kind, receiver) when ``call`` runs a query by itself."""
        if isinstance(call, cst.Subscript):
            return self._lookup_query(call, env)
        imported = self._imported_query(call)
        if imported is not None:
            return imported
        target = _method(call)
        if target is None:
            return self._shortcut_query(call, env)
        receiver_expr, meth = target
        awaited = isinstance(self.ctx.parent(call), cst.Await)
        if meth in SA.session_queries and (self._is_session(receiver_expr, env) or (
                self._runs_sa_statement(call) and not self._opened_from_parameter(call, receiver_expr))):
            if meth in SA.session_gets:
                model = self.model_ref(_positional(call)[0], env) if _positional(call) else None
                if model is None or model.qualname in self.in_session:
                    return None  # rows loaded earlier are found in the identity map, without SQL
                return self.orm(model), model, "", receiver_expr
            statement = _positional(call)[0] if _positional(call) else None
            if meth == SA.session_merge:  # a SELECT by primary key, then the row's state copied over
                value = self.infer(statement, env)
                model = value.model if isinstance(value, Val) else self.model_ref(
                    statement.func, env) if isinstance(statement, cst.Call) else None
                return (self.orm(model), model, "", receiver_expr) if model is not None else None
            stmt = self.infer(statement, env)
            if isinstance(stmt, Val) and stmt.stmt:
                return None if stmt.from_relation else (stmt.load.orm, stmt.model, "", receiver_expr)
            return self._statement_query(statement, receiver_expr)
        return self._model_query(call, receiver_expr, meth, awaited, env) or self._instance_method_query(
            receiver_expr, meth, env)

    def _lookup_query(self, subscript: cst.Subscript, env):
        """``Person[pk]`` (Pony): one row by primary key, a query unless the session holds them all."""
        found = self.infer(subscript.value, env)
        if not isinstance(found, ModelRef) or not self._spec(self.orm(found.model)).query.subscript_one:
            return None
        if self.in_session.get(found.model.qualname):
            return None  # every row loaded earlier: the session's identity map has it
        return self.orm(found.model), found.model, "", subscript.value

    def _statement_query(self, statement: cst.BaseExpression | None, receiver_expr):
        """``select(Comment.id).where(...)``, ``select(func.count(Post.id))``, ``text(...)`` written in
        place: a query; its model is the first model the statement names, if any."""
        root = self._statement_constructor(
            self.statements.get(statement.value, statement) if isinstance(statement, cst.Name) else statement)
        if root is None or changes_schema(root) or self._per_table(root, receiver_expr):
            return None  # not a statement; or a schema change, or a statement per table: nothing to batch
        names = (n for n in _subtree(root) if isinstance(n, cst.Attribute) and isinstance(n.value, cst.Name))
        model = next((m for m in (self.model_ref(n.value, {}) for n in names) if m is not None), None)
        constructor = (self.ctx.imports.qualify(root.func) or "").rsplit(".", 1)[-1]
        write = f"execute_{constructor}" if constructor in SA.dml else ""  # update(M).values(...): one row written
        return (self.orm(model) if model else SQLALCHEMY.name), model, write, receiver_expr

    def _per_table(self, statement: cst.BaseExpression, receiver: cst.BaseExpression) -> bool:
        """SQL whose table the innermost loop around it pastes in anew (``for model in models: table =
        model.__tablename__; execute(text(f"UPDATE {table} SET ..."))``): one set-based statement per table,
        which no list of keys gathers into one."""
        loop = self._innermost_loop(receiver)
        if loop is None:
            return False
        bound = set(_target_names(loop.target)) if isinstance(loop, cst.For) else set()
        bound |= {name for stmt in statements_below(loop.body) if isinstance(stmt, cst.Assign)
                  for t in stmt.targets for name in _target_names(t.target)}
        return any(_names_in(table) & bound for table in pasted_tables(statement))

    def _runs_sa_statement(self, call: cst.Call) -> bool:
        """``connection.execute(text(...))``, ``conn.scalars(select(...).where(...))``: whatever holds it, what
        runs a SQLAlchemy statement written in place is a session or a connection."""
        return self._statement_constructor(_positional(call)[0] if _positional(call) else None) is not None

    def _opened_from_parameter(self, call: cst.Call, receiver: cst.BaseExpression) -> bool:
        """``source = Bridge(sqlite_file_path=path)`` in the function, ``path`` its parameter: a connection to
        the database a caller names, a different one per call, not a lookup to batch."""
        function = next((a for a in self.ctx.ancestors(call) if isinstance(a, cst.FunctionDef)), None)
        if function is None or not isinstance(receiver, cst.Name):
            return False
        params = {p.name.value for p in function.params.params}
        values = _bindings(function.body)[0].get(receiver.value, [])
        return bool(values) and all(isinstance(v, cst.Call) and any(_names_in(a.value) & params for a in v.args)
                                    for v in values)

    def _statement_constructor(self, expr: cst.BaseExpression | None) -> cst.Call | None:
        """``select(...)`` of ``select(...).where(...).values(...)``: down the chain to the SQLAlchemy statement's
        constructor; None when ``expr`` is no statement written in place."""
        while isinstance(expr, cst.Call) and not self._builds_statement(expr) and isinstance(expr.func, cst.Attribute):
            expr = expr.func.value
        return expr if isinstance(expr, cst.Call) and self._builds_statement(expr) else None

    def _builds_statement(self, call: cst.Call) -> bool:
        """``select(...)``, ``sa.select(...)``, ``text(...)``, ``update(...)``: a SQL statement constructor."""
        return is_sqlalchemy(self.ctx.imports.qualify(call.func), *SA.statements)

    def _model_query(self, call: cst.Call, receiver_expr, meth: str, awaited: bool, env):
        """Queries and writes made through a model, manager, queryset or instance."""
        value = self.infer(receiver_expr, env)
        if meth in _INSTANCE_WRITES and all(a.keyword is not None for a in call.args):  # save(update_fields=...)
            if isinstance(value, Val) and not value.many and not value.stmt:
                spec = self._spec(value.load.orm)
                write = spec.write(meth, "instance")
                if write is None or (spec.query.awaited and not awaited):
                    return None  # SQLAlchemy objects have no save()/delete(): the session writes them
                inserts = any(a.keyword is not None and a.keyword.value == "force_insert" for a in call.args) \
                    or isinstance(receiver_expr, cst.Name) and self._key_cleared(receiver_expr.value, call)
                return spec.name, value.model, "save_new" if inserts else write.kind, receiver_expr
            if value is None and isinstance(receiver_expr, cst.Name):
                created = self._constructed(receiver_expr.value, call, env)
                if created is not None:
                    write = self._spec(self.orm(created)).write(meth, "instance")
                    if write is None:
                        return None  # a SQLAlchemy model's own save(): a method of the project, not the ORM's
                    return self.orm(created), created, "save_new" if write.kind == "save" else write.kind, receiver_expr
                return None
        if isinstance(value, ModelRef):
            spec = self._spec(self.orm(value.model))
            if meth not in spec.query.model_queries or (spec.query.awaited and not awaited):
                return None
            write = spec.write(meth, "model")
            return spec.name, value.model, write.kind if write else "", receiver_expr
        if isinstance(value, Val) and value.relation is not None and not value.from_relation:
            write = self._spec(value.load.orm).write(meth, "relation")
            if write is not None and write.bulk and _positional(call) and not any(a.star for a in call.args):
                return value.load.orm, value.model, write.kind, receiver_expr  # article.tags.add(tag) per row
        if isinstance(value, Val) and value.from_relation and value.relation is None and not value.keyed \
                and self._held_owner(receiver_expr, env):
            value = replace(value, from_relation=False)  # xform.instances.filter(uuid=u).count(): one object's
        if not isinstance(value, Val) or value.relation is not None or value.from_relation or value.keyed:
            return None  # a dict of rows: .get(key) is a lookup, not a query
        spec = self._spec(value.load.orm)
        query = spec.query
        write = spec.write(meth, "query")  # Model.query.filter(...).delete(): a statement by itself
        if not value.many or value.stmt or (query.awaited and not awaited) or (
                meth not in query.single | query.runs and write is None):
            return None
        if write is not None and write.kind in ("update", "delete") and (
                _batched(receiver_expr) or _batched(self._bound_in_loop(receiver_expr, call))):
            return None  # one statement for a group of rows (filter(pk__in=ids)): already batched
        return spec.name, value.model, write.kind if write else "", receiver_expr

    def _held_owner(self, chain: cst.BaseExpression, env) -> bool:
        """Whether a related query (``xform.instances.filter(uuid=u)``) starts from one object the function
        holds across iterations (loaded or given before any loop): a query per call, not a relation read per
        row (a row of the loop reading its own relation is the lazy-load check's)."""
        while isinstance(chain, cst.Call) and isinstance(chain.func, cst.Attribute):
            chain = chain.func.value
        if not isinstance(chain, cst.Attribute):
            return False
        owner = self.infer(chain.value, env)
        return isinstance(owner, Val) and not owner.many and not owner.stmt and owner.loop is None \
            and self.models.relation(owner.model, chain.attr.value) is not None

    def _imported_query(self, call: cst.Call):
        """``latest_order(customer.pk)`` where that function, in another module, runs a query and returns
        its result, or runs one from its parameters whatever it returns (``team_name(member.team_id)``):
        one query per call."""
        if not isinstance(call.func, (cst.Name, cst.Attribute)):
            return None
        qualified = self.ctx.imports.qualify(call.func)
        model = self._queried_per_call(qualified) if qualified else None
        if model is None and isinstance(call.func, cst.Attribute):
            owner = self._foreign_owner(call.func.value)  # self._roles.get_roles(names), RoleService in another module
            model = self._queried_per_call(f"{owner}.{call.func.attr.value}") if owner else None
        if model is None and isinstance(call.func, cst.Attribute):
            model = self._model_method_query(call.func)
        return (self.orm(model), model, "", call.func) if model is not None else None

    def _queried_per_call(self, qualified: str) -> ClassFact | None:
        """The model a function of the project (``module.func``, ``module.Class.method``) queries each time it
        is called: the query it runs and returns the result of, or one it runs from its parameters."""
        fact = returned_query(self.ctx.index, qualified)
        model = self._named_model(fact.model) if fact is not None and fact.executes else None
        if model is None:
            runs = query_per_call(self.ctx.index, qualified)
            model = self._named_model(runs.model) if runs is not None and runs.model else None
        return model

    def _named_model(self, name: str) -> ClassFact | None:
        """The model a query names: ``shop.models.Order``, or the owner of the column it selects
        (``shop.models.Order.updated`` of ``select(Order.updated)``)."""
        model = self.models.model(name)
        if model is None and "." in name and name.rsplit(".", 1)[-1][:1].islower():
            model = self.models.model(name.rsplit(".", 1)[0])
        return model

    def _foreign_owner(self, receiver: cst.BaseExpression) -> str | None:
        """The imported class of the object a method is called on: ``repo`` made from ``Repo(...)`` or given
        as ``repo: Repo``, ``Repo(...)`` itself, or ``self.repo`` that the class's ``__init__`` sets from
        either (``self._roles = role_service`` with the parameter ``role_service: RoleService``) or annotates
        (``self.orgs: OrgService = request.find_service(...)``)."""
        if isinstance(receiver, cst.Name):
            return self.foreign_instances.get(receiver.value)
        if isinstance(receiver, cst.Call):
            return self._made_class(receiver)
        if not (isinstance(receiver, cst.Attribute) and dotted_name(receiver.value) == "self" and self.cls is not None):
            return None
        init = ModuleInfo.methods(self.cls).get("__init__")
        annotated = {p.name.value: p.annotation.annotation for p in init.params.params
                     if p.annotation is not None} if init is not None else {}
        for small in self._init_bindings(receiver.attr.value):
            if isinstance(small, cst.AnnAssign):
                if isinstance(small.annotation.annotation, (cst.Name, cst.Attribute)):
                    return self._imported_class(small.annotation.annotation)  # self.orgs: OrgService = ...
                continue
            if isinstance(small.value, cst.Call):
                return self._made_class(small.value)
            annotation = annotated.get(small.value.value) if isinstance(small.value, cst.Name) else None
            return self._imported_class(annotation) if isinstance(annotation, (cst.Name, cst.Attribute)) else None
        return None

    def _init_bindings(self, attr: str):
        """The statements at the top level of the enclosing class's ``__init__`` binding ``self.<attr>``
        (``self.repo = Repo(db)``, ``self.repo: Repo = ...``), in order."""
        init = ModuleInfo.methods(self.cls).get("__init__")
        for stmt in init.body.body if init is not None and isinstance(init.body, cst.IndentedBlock) else ():
            for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.AnnAssign) and dotted_name(small.target) == f"self.{attr}" or isinstance(
                        small, cst.Assign) and any(dotted_name(t.target) == f"self.{attr}" for t in small.targets):
                    yield small

    def _model_method_query(self, func: cst.Attribute) -> ClassFact | None:
        """``User.get(ref)``: a method of the model class (or of a project base) that runs a query and returns
        its result, or runs one from its parameters; its rows are the model's when it selects ``cls``."""
        owner = self.model_ref(func.value, {})
        return self._member_runs(owner, func.attr.value, True) if owner is not None else None

    def _member_runs(self, owner: ClassFact, name: str, from_parameters: bool) -> ClassFact | None:
        """The model whose rows the method ``name`` of ``owner`` (or of its project base) queries when it runs
        a query and returns its result (or, ``from_parameters``, runs one from its parameters); None if not."""
        found = self.models.member(owner, name)
        if found is None or found[1]:
            return None  # not a method: a property is read, not called
        key = f"{found[0].qualname}.{name}"
        fact = returned_query(self.ctx.index, key)
        if fact is not None and fact.executes:
            return self.models.model(fact.model) or owner
        runs = query_per_call(self.ctx.index, key) if from_parameters else None
        return (self.models.model(runs.model) or owner) if runs is not None else None

    def _instance_method_query(self, receiver_expr: cst.BaseExpression, meth: str, env):
        """``user.number_created_packages()`` on one row: a method of its model that runs a query (from the
        row's own columns) and returns the result, once per call."""
        owner = self.infer(receiver_expr, env)
        if not isinstance(owner, Val) or owner.many or owner.stmt or owner.relation is not None:
            return None
        model = self._member_runs(owner.model, meth, False)
        return (self.orm(owner.model), model, "", receiver_expr) if model is not None else None

    def _shortcut_query(self, call: cst.Call, env):
        """``get_object_or_404(Model, ...)``/``get_list_or_404(...)``: a query by itself."""
        qualified = self.ctx.imports.qualify(call.func) if isinstance(call.func, cst.Name) else None
        args = _positional(call)
        if not args or not any_matches(qualified, _SHORTCUTS):
            return None
        source = self.infer(args[0], env)
        model = source.model if isinstance(source, (ModelRef, Val)) else None
        return (DJANGO.name, model, "", args[0]) if model is not None else None

    def _key_cleared(self, name: str, call: cst.Call) -> bool:
        """``obj.pk = None`` (or ``obj.id = None``) in the innermost enclosing loop: its ``save()`` inserts a copy."""
        loop = self._innermost_loop(call)
        return loop is not None and any(
            isinstance(stmt, cst.Assign) and isinstance(stmt.value, cst.Name) and stmt.value.value == "None"
            and any(_attribute_of(t, name) in _PRIMARY_KEYS for t in assigned_targets(stmt))
            for stmt in statements_below(loop.body))

    def _innermost_loop(self, node: cst.CSTNode) -> cst.For | cst.While | None:
        """The innermost ``for``/``while`` statement around ``node``."""
        return next((a for a in self.ctx.ancestors(node) if isinstance(a, (cst.For, cst.While))), None)

    def _bound_in_loop(self, receiver: cst.BaseExpression, call: cst.Call) -> cst.BaseExpression | None:
        """What the innermost loop around ``call`` binds the name ``receiver`` to (``batch = M.objects.filter(
        id__in=ids)``, then ``batch.delete()``), if it does."""
        if not isinstance(receiver, cst.Name):
            return None
        loop = self._innermost_loop(call)
        return None if loop is None else next(
            (stmt.value for stmt in statements_below(loop.body) if isinstance(stmt, cst.Assign)
             and any(receiver.value in _target_names(t.target) for t in stmt.targets)), None)

    def _constructed(self, name: str, call: cst.Call, env) -> ClassFact | None:
        """The model ``name`` was built from (``obj = Model(...)``) in the innermost enclosing loop body."""
        value = env.get(name, "missing")
        if value is not None:
            return None
        for ancestor in self.ctx.ancestors(call):
            if isinstance(ancestor, (cst.For, cst.While)):
                for stmt in ancestor.body.body if isinstance(ancestor.body, cst.IndentedBlock) else ():
                    if isinstance(stmt, cst.SimpleStatementLine):
                        for small in stmt.body:
                            if (isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name)
                                    and small.targets[0].target.value == name and isinstance(small.value, cst.Call)):
                                model = self.model_ref(small.value.func, {})
                                if model is not None:
                                    return model
                return None
        return None

    def check_iteration_query(self, iter_expr: cst.BaseExpression, source, loops: list[Loop],
                              truth: bool = False) -> None:
        """``for y in Model.objects.filter(x=...)`` nested in a loop: a query per outer iteration; also when
        the query was bound to a name in the loop (``qs = ...filter(x=row)``, then ``for y in qs``), and when
        ``truth`` says its truth is tested (``if qs:``, which runs it for a Django, Peewee or Pony query)."""
        if (not loops or not isinstance(source, Val) or not source.many or source.stmt or source.listed
                or source.relation is not None or source.from_relation
                or not (self._spec(source.load.orm).query.iterable or (source.load.iterates and not truth))):
            return
        depends: cst.BaseExpression
        built = None  # the query a helper call builds and returns: the call is reported, pointing at it
        if isinstance(iter_expr, cst.Name):
            found = self.handed.get(iter_expr.value) or self._built_in_loop(iter_expr.value, loops)
            if found is None:
                return
            query, loop = found
            # a helper's parameter the caller's loop builds anew: per iteration of that loop
            depends = iter_expr if iter_expr.value in self.handed else query
            built = self._lazy_helper(query)
        elif (built := self._lazy_helper(iter_expr)) is not None or (
                source.load.anchor is not None and any(n is source.load.anchor for n in _subtree(iter_expr))):
            query = depends = iter_expr
            loop = loops[-1]
        else:
            return
        if self._per_iteration(query, depends, loop):
            self._record(LoopQuery(query, query, loop, source.load.orm, source.model) if built is None else
                         LoopQuery(query, built, loop, source.load.orm, source.model, via=query, returned=True))

    def _built_in_loop(self, name: str, loops: list[Loop]) -> tuple[cst.BaseExpression, Loop] | None:
        """The query ``name`` holds when the body of one of ``loops`` binds it (``qs = M.objects.filter(x=row)``),
        and the innermost such loop: a queryset built per iteration runs once per iteration, where it is first
        evaluated; None when it was built before the loops, or when the loop already runs it where it was
        built (``rows = list(qs)``, ``session.query(M).all()``: reported there)."""
        for loop in reversed(loops):
            body = getattr(loop.node, "body", None)
            if body is None:
                continue
            value = next((n.value for n in _subtree(body) if isinstance(n, (cst.Assign, cst.AnnAssign))
                          and (_query_chain(n.value) or self._lazy_helper(n.value) is not None)
                          and name in _target_names(n.targets[0].target if isinstance(n, cst.Assign) else n.target)),
                         None)
            if value is None:
                continue
            if any(q.loop.node is loop.node and any(n is q.query for n in _subtree(value))
                   for q in self.analysis.queries):
                return None
            return value, loop
        return None

    def _lazy_helper(self, value: cst.BaseExpression | None) -> cst.BaseExpression | None:
        """The query a call of this module's helper builds and hands back unevaluated (``def _items(o): return
        Item.objects.filter(order=o)``), which runs where the caller evaluates it; None when ``value`` is no
        such call, or the helper may hand back something else (a memo, a list, a generator's items)."""
        if not isinstance(value, cst.Call):
            return None
        helper, _ = self._callee(value, {})
        if helper is None or memoised(helper):
            return None
        returns = [n for n in scope_nodes(helper.body) if isinstance(n, (cst.Return, cst.Yield))]
        if not returns or not all(isinstance(r, cst.Return) and _query_chain(r.value) for r in returns):
            return None
        return returns[0].value

    def _callee(self, call: cst.Call, env) -> tuple[cst.FunctionDef | None, cst.ClassDef | None]:
        """The function of this module a call runs: a module function, ``self.method``, ``repo.method``."""
        func = call.func
        if isinstance(func, cst.Name) and func.value in self.nested:  # a helper the function defines itself
            return self.nested[func.value], None
        if isinstance(func, cst.Name) and func.value not in env and self.ctx.imports.qualify(func) is None:
            return self.info.functions.get(func.value), None
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self"
                and self.cls is not None):
            return ModuleInfo.methods(self.cls).get(func.attr.value), self.cls
        cls = self._instance_class(func.value) if isinstance(func, cst.Attribute) else None
        if cls is not None:
            return ModuleInfo.methods(cls).get(func.attr.value), cls
        return None, None

    def _imported_class(self, func: cst.BaseExpression) -> str | None:
        """The qualified name of an imported class being called (``UserRepository(session)``)."""
        qualified = self.ctx.imports.qualify(func)
        return qualified if qualified and qualified.rsplit(".", 1)[-1][:1].isupper() else None

    def _made_class(self, call: cst.Call) -> str | None:
        """The imported class of the object a call gives: ``Repo(session)``, or a service registry's instance
        of it (pyramid_services' ``request.find_service(Repo)``)."""
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _SERVICE_LOOKUPS:
            given = keyword(call, "iface") or next(iter(_positional(call)), None)
            return self._imported_class(given) if isinstance(given, (cst.Name, cst.Attribute)) else None
        return self._imported_class(call.func)

    def _instance_class(self, expr: cst.BaseExpression) -> cst.ClassDef | None:
        """The class of this module an object was made from: ``repo = Repo(...)`` in this function,
        ``Repo(...)`` itself, or ``self.repo = Repo(...)`` in the enclosing class's ``__init__``."""
        if isinstance(expr, cst.Name):
            return self.instances.get(expr.value)
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value in self.info.classes:
            return self.info.classes[expr.func.value]
        if not (isinstance(expr, cst.Attribute) and dotted_name(expr.value) == "self"):
            return None
        return next((self.info.classes.get(small.value.func.value) for small in self._init_bindings(expr.attr.value)
                     if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call)
                     and isinstance(small.value.func, cst.Name)), None)

    def _follow_rows_argument(self, call: cst.Call, env) -> None:
        """``render_rows(Book.objects.all())``: the helper's loops over that parameter are analysed
        with the caller's query (once per helper, for the first such call)."""
        helper, cls = self._callee(call, env)
        if helper is None:
            self._imported_rows(call, env)
            return
        if id(helper) in self.analysis.followed:
            return
        params = [p.name.value for p in helper.params.params]
        if cls is not None and params and params[0] in ("self", "cls"):
            params = params[1:]
        helper_env = {}
        for name, arg in zip(params, [a for a in call.args if a.keyword is None and not a.star]):
            value = self.infer(arg.value, env)
            if isinstance(value, Val) and value.many and not value.stmt and not value.rows and value.relation is None:
                helper_env[name] = replace(value, load=replace(value.load, local=False, fixable=False))
        if helper_env:
            self.analysis.followed.add(id(helper))
            Analyzer(self.ctx, self.info, self.analysis, cls or self.cls, local_anchors=False).walk_function(
                helper, helper_env)

    def _check_helper(self, call: cst.Call, env, loops) -> None:
        if self.via is not None:
            return
        helper, cls = self._callee(call, env)
        if helper is None:
            self._imported_reads(call, env, loops)
            return
        if memoised(helper):  # cached per argument: a query per distinct argument
            return
        if enqueued_when_called(helper, self.ctx.imports):  # a huey task: the call queues it, a worker queries
            return
        if runs_job(helper, self.info.functions, self.ctx.imports):  # a whole job per item, not a lookup
            return
        loop = loops[-1]
        reloads = reloaded(helper)  # ``run.refresh_from_db()``: no eager load of the loop's query serves it
        params = [p for p in helper.params.params]
        if cls is not None and params and params[0].name.value in ("self", "cls"):
            params = params[1:]
        helper_env: dict = {}
        dependent: set[str] = set()
        positional = [a for a in call.args if a.keyword is None and not a.star]
        for param, arg in zip(params, positional):
            if param.name.value in reloads:
                continue
            helper_env[param.name.value] = self._for_helper(self.infer(arg.value, env), loop)
            if self._depends(arg.value, loop):
                dependent.add(param.name.value)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in reloads \
                    and any(p.name.value == arg.keyword.value for p in params):
                helper_env[arg.keyword.value] = self._for_helper(self.infer(arg.value, env), loop)
                if self._depends(arg.value, loop):
                    dependent.add(arg.keyword.value)
        if not dependent:
            return
        if not any(a.star for a in call.args):  # ``_init(setting, name)``: ``code=None`` stays None
            passed = {p.name.value for p in params[:len(positional)]} | {a.keyword.value for a in call.args if a.keyword}
            helper_env.update((p.name.value, _given(p.default))
                              for p in (*params, *helper.params.kwonly_params)
                              if p.name.value not in passed and p.default is not None and _given_constant(p.default))
        named = [(p.name.value, a.value) for p, a in zip(params, positional)] + [
            (a.keyword.value, a.value) for a in call.args if a.keyword is not None]
        helper_env.update((name, Given(_code(arg))) for name, arg in named
                          if name not in dependent and helper_env.get(name) is None and _given_constant(arg))
        handed = self._handed([(name, arg) for name, arg in named if name in dependent], env, loop)
        helper_env.update({name: value for name, (_, value) in handed.items()})
        analyzer = Analyzer(self.ctx, self.info, self.analysis, cls or self.cls, via=call, local_anchors=False)
        analyzer.handed = {name: found for name, (found, _) in handed.items()}
        analyzer.helper_params = frozenset(dependent)
        analyzer.caller_loop = loop.node
        analyzer.is_async = helper.asynchronous is not None
        analyzer.block(helper.body, helper_env, [replace(loop, names=frozenset(dependent), caller=True)])

    def _imported_reads(self, call: cst.Call, env, loops) -> None:
        """``package_resource(package)``, a function of another module handed the loop's row: what it reads on
        the row (see :mod:`ormlint.index.parameter_reads`) loads once per row unless the rows' query eager-loads it."""
        qualified = self.ctx.imports.qualify(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None
        fact = self.ctx.index.derived(ParameterReadsTable).get(qualified) if qualified else None
        if fact is None or any(a.star for a in call.args):
            return
        positional = [a.value for a in call.args if a.keyword is None]
        handed = list(zip(fact.positional, positional)) + [(a.keyword.value, a.value) for a in call.args if a.keyword]
        for param, arg in handed:
            owner = self.infer(arg, env) if any(read[0] == param for read in fact.reads) else None
            if not isinstance(owner, Val) or owner.many or owner.stmt:
                continue
            spec = spec_of(self.orm(owner.model) or owner.load.orm)  # request.user: Django's, whatever its bases
            if spec is None:
                continue
            served = spec.query.lookups  # what a prefetch would serve: not a new query
            reads = [(attr, how) for read_param, attr, how in fact.reads
                     if read_param == param and (how == "attr" or how in served)]
            if self._reads_load(call, owner, reads, f"{qualified.rsplit('.', 1)[-1]}()", loops):
                return

    def _imported_rows(self, call: cst.Call, env) -> None:
        """``render_rows(Book.objects.all())``, a function of another module looping over that parameter: what it
        reads on each element (see :mod:`ormlint.index.parameter_reads`) loads once per row unless the rows' query
        eager-loads it; the eager load goes on this query."""
        qualified = self.ctx.imports.qualify(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None
        table = self.ctx.index.derived(ParameterReadsTable)
        fact = table.get(qualified) if qualified else None
        if fact is None or any(a.star for a in call.args):
            return
        positional = [a.value for a in call.args if a.keyword is None]
        handed = list(zip(fact.positional, positional)) + [(a.keyword.value, a.value) for a in call.args if a.keyword]
        name = f"{qualified.rsplit('.', 1)[-1]}()"
        for param, arg in handed:
            reads = [(attr, how) for read_param, attr, how in fact.reads if read_param == param + EACH]
            rows = self.infer(arg, env) if reads else None
            spec = spec_of(rows.load.orm) if isinstance(rows, Val) else None
            if spec is None or not rows.many or rows.stmt or rows.rows or rows.keyed or rows.relation is not None:
                continue
            reads = [(attr, how) for attr, how in reads if how == "attr" or how in spec.query.lookups]
            loop = Loop(call, f"row `{name}` ({table.path_of(fact)}) loops over", frozenset(), per_object=True)
            owner = replace(rows, many=False, loop=call, relation=None, receiver=None)
            if self._reads_load(call, owner, reads, name, [loop]):
                return

    @staticmethod
    def _for_helper(value, loop: Loop):
        """What a helper called in ``loop`` knows of an argument: a row (the loop's own, or one object the
        caller holds, whose related queries the helper may run with what the loop hands it)."""
        if isinstance(value, Val) and not value.many and not value.stmt:
            return value
        return None

    def _handed(self, params: list[tuple[str, cst.BaseExpression]], env, loop: Loop) -> dict:
        """The helper's parameters given a query the loop's body builds anew (``agents = qs.filter(site=site)``;
        ``_failing(agents)``): the helper runs it where it evaluates it, once per iteration of the loop."""
        handed = {}
        for param, arg in params:
            value = self.infer(arg, env) if isinstance(arg, cst.Name) else None
            found = self._built_in_loop(arg.value, [loop]) if isinstance(value, Val) and value.many \
                and not value.stmt else None
            if found is not None:
                handed[param] = (found, value)
        return handed


@dataclass(frozen=True)
class Absent:
    """A helper's parameter its call leaves at its default ``None``."""


ABSENT = Absent()


@dataclass(frozen=True)
class Given:
    """A constant a helper's parameter holds, as written, passed by its call or left at its default:
    ``False``, ``0``, ``"draft"``, ``Events.on_retry``."""

    code: str

    def truth(self) -> bool | None:
        try:
            return bool(ast.literal_eval(self.code))
        except (ValueError, SyntaxError):
            return None  # a named constant: its value is not written here

    def same(self, other: cst.BaseExpression) -> bool | None:
        """Whether the constant equals ``other``: literals by value; two members of one class by name
        (``Events.on_retry`` is not ``Events.on_completion``); None when it cannot be told."""
        if not _given_constant(other):
            return None
        try:
            return ast.literal_eval(self.code) == ast.literal_eval(_code(other))
        except (ValueError, SyntaxError):
            pass
        mine, theirs = self.code.rpartition("."), _code(other).rpartition(".")
        if mine[0] and mine[0] == theirs[0]:
            return mine[2] == theirs[2]
        return None


def _given_constant(expr: cst.BaseExpression) -> bool:
    """A literal (``False``, ``None``, ``3``, ``"draft"``) or a class's member (``Events.on_retry``)."""
    if isinstance(expr, (cst.Integer, cst.SimpleString)) or (
            isinstance(expr, cst.Name) and expr.value in ("True", "False", "None")):
        return True
    name = dotted_name(expr) if isinstance(expr, cst.Attribute) else None
    return name is not None and name.split(".")[0][:1].isupper()


def _given(default: cst.BaseExpression):
    """What a parameter a call leaves at its default ``default`` holds: ``ABSENT`` for ``None``, else the
    constant (:class:`Given`); None when it is no constant."""
    if dotted_name(default) == "None":
        return ABSENT
    return Given(_code(default)) if _given_constant(default) else None


def _reads_reached(cls: ClassFact, name: str, reads: list[tuple[str, str]], call: cst.Call) -> list[tuple[str, str]]:
    """The reads of method ``name`` that ``call`` can reach: a read made only under tests of the method's
    parameters (``if not api and not public:``) that the call's constants, or the defaults it leaves,
    make false (``to_json(public=True)``) is not made."""
    guards: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for member, attr, how, chain in cls.guarded_reads:
        if member == name:
            guards.setdefault((attr, how), []).append(chain)
    if not guards or any(arg.star for arg in call.args):
        return reads
    params = next((found for member, found in cls.member_params if member == name), ())
    passed = {param: arg.value for (param, _, keyword_only), arg in zip(
        [p for p in params if not p[2]], [a for a in call.args if a.keyword is None])}
    passed.update((arg.keyword.value, arg.value) for arg in call.args if arg.keyword is not None)
    env: dict = {}
    for param, default, _ in params:
        if param in passed:
            env[param] = Given(_code(passed[param])) if _given_constant(passed[param]) else None
        elif default:
            env[param] = _given(cst.parse_expression(default))

    def dead(chain: tuple[str, ...]) -> bool:
        for guard in chain:
            branch, _, test = guard.partition(":")
            truth = _known_truth(cst.parse_expression(test), env)
            if truth is not None and truth == (branch == "orelse"):
                return True
        return False

    return [(attr, how) for attr, how in reads
            if (attr, how) not in guards or not all(dead(chain) for chain in guards[(attr, how)])]


def _known_truth(test: cst.BaseExpression, env: dict) -> bool | None:
    """The value of a test when the names it asks about are known: a row a loop yields is never None (nor is
    it of a test of its key: ``is None`` only), a parameter left at its default ``None`` is None and false;
    ``not``, ``and``, ``or`` combine them. None: not known."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _known_truth(test.expression, env)
        return None if inner is None else not inner
    if isinstance(test, cst.BooleanOperation):
        left, right = _known_truth(test.left, env), _known_truth(test.right, env)
        if isinstance(test.operator, cst.And):
            return False if False in (left, right) else (True if left and right else None)
        return True if True in (left, right) else (False if left is False and right is False else None)
    if isinstance(test, cst.Name):
        value = env.get(test.value)
        return False if value is ABSENT else value.truth() if isinstance(value, Given) else None
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name)):
        return None
    comparison, value = test.comparisons[0], env.get(test.left.value)
    if isinstance(value, Given) and isinstance(comparison.operator, (cst.Equal, cst.NotEqual, cst.Is, cst.IsNot)):
        same = value.same(comparison.comparator)
        return None if same is None else same if isinstance(comparison.operator, (cst.Equal, cst.Is)) else not same
    if not (isinstance(comparison.comparator, cst.Name) and comparison.comparator.value == "None"
            and isinstance(comparison.operator, (cst.Is, cst.IsNot))):
        return None
    if value is ABSENT:
        is_none = True
    elif isinstance(value, Val) and not value.many and value.loop is not None and not value.prefix and not value.fetched:
        is_none = False
    else:
        return None
    return is_none if isinstance(comparison.operator, cst.Is) else not is_none


def _writes(spec: OrmSpec) -> frozenset[str]:
    """Every write method of an ORM: per-row writes and bulk ones."""
    return frozenset(m for w in spec.writes for m in w.methods) | frozenset(b.method for b in spec.hooks.bulk)


def _chain_walk(loop: Loop, query: cst.CSTNode) -> bool:
    """``while node_id: node = Category.objects.get(pk=node_id); node_id = node.parent_id``: the query's
    result is bound to a name and what the query reads of the loop comes only from that name, as the previous
    iteration left it. Each key is known only once the previous row is fetched: no batch can fetch them first."""
    if not isinstance(loop.node, cst.While):
        return False
    assigns = [n for n in _subtree(loop.node.body) if isinstance(n, cst.Assign)]
    holder = next((a for a in assigns if any(n is query for n in _subtree(a.value))), None)
    if holder is None:
        return False
    derived = {n for t in holder.targets for n in _names_in(t.target)}
    grown = True
    while grown:  # node_id = node.parent_id; parent = node_id and ...: everything computed from the result
        grown = False
        for assign in assigns:
            if assign is not holder and _names_in(assign.value) & derived:
                new = {n for t in assign.targets for n in _names_in(t.target)} - derived
                derived |= new
                grown = grown or bool(new)
    varying = _names_in(query) & loop.names
    return bool(varying) and varying <= derived


def _once(loops: list[Loop], innermost: bool = False) -> list[Loop]:
    """The loops, marked as running what follows at most once (callers' loops stay as they are)."""
    return [replace(loop, once=True) if not loop.caller and (not innermost or i == len(loops) - 1) else loop
            for i, loop in enumerate(loops)]


def _missing_key_test(branch: cst.If, scope: cst.CSTNode, in_else: bool = False) -> str | None:
    """The dict an ``if`` asks a key is missing from (``key not in cache``, ``cache.get(key) is None``,
    ``not cache.get(key)``, or ``found is None`` after ``found = cache.get(key)`` in ``scope``, whatever the
    ``if`` itself then binds to ``found``), as written; with ``in_else``, the dict its ``else`` runs for a
    missing key of (``key in cache``). None for any other."""
    test = branch.test
    if in_else:
        comparison = test.comparisons[0] if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 else None
        return _code(mapping_of_keys(comparison.comparator)) \
            if comparison is not None and isinstance(comparison.operator, cst.In) else None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        operator, right = test.comparisons[0].operator, test.comparisons[0].comparator
        if isinstance(operator, cst.NotIn):
            return _code(mapping_of_keys(right))
        if isinstance(operator, (cst.Is, cst.Equal)) and dotted_name(right) == "None":
            test = test.left
        else:
            return None
    elif isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    else:
        return None
    if isinstance(test, cst.Name):  # found = cache.get(key) ... if found is None
        inside = {id(n) for n in _subtree(branch)}
        gets = {_code(target[0]) for n in _subtree(scope) if isinstance(n, cst.Assign) and len(n.targets) == 1
                and id(n) not in inside
                and isinstance(n.targets[0].target, cst.Name) and n.targets[0].target.value == test.value
                and (target := _method(n.value)) is not None and target[1] == "get"}
        return gets.pop() if len(gets) == 1 else None
    target = _method(test)
    return _code(target[0]) if target is not None and target[1] == "get" else None


def _is_lock(expr: cst.BaseExpression) -> bool:
    """A context manager that takes a lock: a call named as one (``advisory_lock(...)``, ``cache.lock(key)``,
    ``FileLock(path)``)."""
    name = (dotted_name(expr.func) or "").rsplit(".", 1)[-1] if isinstance(expr, cst.Call) else ""
    words = re.findall(r"[a-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower())
    return "lock" in words


def literal_names(body: cst.CSTNode) -> frozenset[str]:
    """Names bound only to literal collections (``roles = ["admin", "staff"]``) or counts (``attempts = 100``)
    in ``body``, not in nested scopes."""
    return _names_bound_only_to(_bindings(body), _literal_value)


def _literal_value(value: cst.BaseExpression) -> bool:
    return is_literal_collection(value) or isinstance(value, cst.Integer)


def _bindings(body: cst.CSTNode) -> tuple[dict[str, list[cst.BaseExpression]], set[str]]:
    """The values ``body`` assigns to each plain name, and the names bound or grown any other way there
    (``rows = []`` filled by ``rows.append(row)`` holds what the loop found; ``by_key[key] = row``,
    ``roles += fetched()``, loop and ``as`` targets)."""
    assigned: dict[str, list[cst.BaseExpression]] = {}
    other: set[str] = set()
    for node in _subtree(body):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    assigned.setdefault(target.target.value, []).append(node.value)
                elif isinstance(target.target, cst.Subscript) and isinstance(target.target.value, cst.Name):
                    other.add(target.target.value.value)
                else:
                    other.update(_target_names(target.target))  # pending, rest = ...: unknown
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and isinstance(node.func.value, cst.Name) and node.func.attr.value in GROWING_METHODS:
            other.add(node.func.value.value)
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr)):
            other.update(_target_names(node.target))
        elif isinstance(node, cst.AsName):
            other.update(_target_names(node.name))
    return assigned, other


def _names_bound_only_to(bindings: tuple[dict[str, list[cst.BaseExpression]], set[str]],
                         kind: Callable[[cst.BaseExpression], bool]) -> frozenset[str]:
    """Names every binding of which (:func:`_bindings`) assigns a value of ``kind``, and that nothing else
    binds or grows."""
    assigned, other = bindings
    return frozenset(name for name, values in assigned.items() if name not in other and all(kind(v) for v in values))


def _argument_of(value: cst.BaseExpression, params: frozenset[str]) -> bool:
    """``value`` is one of ``params`` or an item of one (``options["names"]``, ``kwargs.get("names")``)."""
    if isinstance(value, cst.Subscript):
        value = value.value
    elif isinstance(value, cst.Call) and _method(value) is not None and _method(value)[1] == "get":
        value = value.func.value
    return isinstance(value, cst.Name) and value.value in params


def _retries(loop: cst.For) -> bool:
    """Whether ``loop`` counts attempts rather than rows: it iterates ``range(...)``/``itertools.count()``,
    never reads its own variable (``for _ in range(5)``), and leaves (``break``/``return``) once an attempt
    succeeds: when a check it calls says so (``if not Token.objects.filter(key=key).exists(): break``), or
    when a ``try`` body gets through (``obj.save(); break`` with ``except IntegrityError: continue``).
    A new random token per attempt, checked for a collision, normally runs once."""
    source = loop.iter
    if not isinstance(source, cst.Call) or (dotted_name(source.func) or "") not in _ATTEMPT_COUNTERS:
        return False
    if _names_in(loop.target) & {n.value for n in _subtree(loop.body) if isinstance(n, cst.Name)}:
        return False
    checked = {n for a in _subtree(loop.body) if isinstance(a, cst.Assign) and isinstance(a.value, (cst.Call, cst.Await))
               for t in a.targets for n in _names_in(t.target)}  # ok = is_unique(code)
    for node in _subtree(loop.body):
        if isinstance(node, cst.If) and (leaves_loop(node.body) or (node.orelse is not None and leaves_loop(
                node.orelse))) and (_names_in(node.test) & checked or any(
                    isinstance(n, cst.Call) for n in _subtree(node.test))):
            return True
        if isinstance(node, cst.Try) and leaves_loop(node.body):
            return True
    return False


def _first_operand(test: cst.BaseExpression) -> cst.BaseExpression:
    """``a`` of ``a and b or c``: the part of a test that is evaluated every time."""
    while isinstance(test, cst.BooleanOperation):
        test = test.left
    return test


_CONFIG_KEY = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


def _configuration_entry(source: cst.BaseExpression) -> bool:
    """``config.get("MASTER_DIRECTORIES")``, ``app.config["ALLOWED_HOSTS"]``, ``self.settings["ROLES"]``: an entry of
    a configuration object (named for it) under an upper-case key, as configuration keys are written."""
    if isinstance(source, cst.Subscript) and len(source.slice) == 1 and isinstance(source.slice[0].slice, cst.Index):
        holder, key = source.value, source.slice[0].slice.value
    elif isinstance(source, cst.Call) and isinstance(source.func, cst.Attribute) and source.func.attr.value == "get" \
            and source.args and source.args[0].keyword is None:
        holder, key = source.func.value, source.args[0].value
    else:
        return False
    name = (dotted_name(holder) or "").rsplit(".", 1)[-1].lower()
    return ("config" in name or "settings" in name or name == "conf") and bool(_CONFIG_KEY.fullmatch(_string(key) or ""))


def _rows_generator_parameter(func: cst.FunctionDef) -> str | None:
    """The parameter whose elements a generator yields, and nothing else: ``yield from qs[offset:limit]``
    (also through ``batch = qs[...]``), ``yield from qs.iterator()``, or ``for row in <those>: yield row``."""
    assigned = {t.target.value: n.value for n in _subtree(func.body) if isinstance(n, cst.Assign)
                for t in n.targets if isinstance(t.target, cst.Name)}
    looped = {n.target.value: n.iter for n in _subtree(func.body) if isinstance(n, cst.For) and isinstance(n.target, cst.Name)}

    def source(expr: cst.BaseExpression, depth: int = 0) -> str | None:
        if isinstance(expr, cst.Name) and expr.value in assigned and depth < 3:
            return source(assigned[expr.value], depth + 1)
        if isinstance(expr, cst.Subscript) or (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
                                                and expr.func.attr.value in ("iterator", "all") and not expr.args):
            return source(expr.value if isinstance(expr, cst.Subscript) else expr.func.value, depth + 1)
        return expr.value if isinstance(expr, cst.Name) else None

    found = set()
    for node in _subtree(func.body):
        if not isinstance(node, cst.Yield) or node.value is None:
            continue
        if isinstance(node.value, cst.From):
            found.add(source(node.value.item))
        elif isinstance(node.value, cst.Name) and node.value.value in looped:
            found.add(source(looped[node.value.value]))
        else:
            found.add(None)
    return found.pop() if len(found) == 1 else None


def _formset(source: cst.BaseExpression) -> bool:
    """``formset``, ``self.attribute_formset``, ``formset.cleaned_data``: a Django formset's submitted forms (or
    their data), by the name the code gives the formset."""
    if isinstance(source, cst.Attribute) and source.attr.value in DJANGO_EXTRAS.formset_members:
        source = source.value
    return (dotted_name(source) or "").rsplit(".", 1)[-1].lower().endswith("formset")


def _throttled(loop: cst.For, info: "ModuleInfo") -> bool:
    """Whether every iteration sleeps (``time.sleep(1)``, or a method of the class that does): the loop
    is slowed down on purpose, so its per-row queries are no bottleneck."""
    return _every_iteration(loop, lambda call: _sleeps(call, info))


def _every_iteration(loop: cst.For, makes: Callable[[cst.Call], bool]) -> bool:
    """Whether every iteration makes a call ``makes`` accepts: in a simple statement of the loop's body
    (``time.sleep(1)``, ``response = requests.get(url)``) with no ``continue`` before it."""
    body = loop.body.body if isinstance(loop.body, cst.IndentedBlock) else ()
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine) and any(
                isinstance(n, cst.Call) and makes(n) for n in _subtree(stmt)):
            return True
        if any(isinstance(n, cst.Continue) for n in _subtree(stmt)):
            return False
    return False


def _sleeps(expr: cst.BaseExpression, info: "ModuleInfo") -> bool:
    """``time.sleep(...)``/``await asyncio.sleep(...)``, or ``self.pause()`` whose body sleeps."""
    call = expr.expression if isinstance(expr, cst.Await) else expr
    if not isinstance(call, cst.Call):
        return False
    name = dotted_name(call.func) or ""
    if name.rsplit(".", 1)[-1] == "sleep":
        return True
    if name.startswith("self.") and name.count(".") == 1:
        methods = [m for cls in info.classes.values() if (m := ModuleInfo.methods(cls).get(name[5:])) is not None]
        return len(methods) == 1 and any(isinstance(n, cst.Call) and (dotted_name(n.func) or "").rsplit(".", 1)[-1]
                                         == "sleep" for n in _subtree(methods[0].body))
    return False


_JUMPS = (cst.Return, cst.Raise, cst.Break, cst.Continue)


def _fallback(loops: list[Loop]) -> list[Loop]:
    """The loops, for code that runs only for objects lacking a value the caller precomputes for its rows."""
    return [replace(loop, once=True) for loop in loops]


def _precomputed(test: cst.BaseExpression) -> str | None:
    """Whether an ``if`` asks if an object carries a precomputed attribute (an annotation, a prefetch's
    ``to_attr``): "present" for ``hasattr(obj, "x")`` / ``getattr(obj, "x", None) is not None``, "absent" for
    their negations, None for any other test."""
    negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
    if negated:
        test = test.expression
    compared = None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
            and dotted_name(test.comparisons[0].comparator) == "None":
        compared = type(test.comparisons[0].operator)
        test = test.left
    if not (isinstance(test, cst.Call) and dotted_name(test.func) in ("hasattr", "getattr") and len(test.args) >= 2
            and _string(test.args[1].value) is not None):
        return None
    if dotted_name(test.func) == "getattr" and compared is None:
        compared = cst.IsNot  # getattr(obj, "x", None) used as a truth value
    present = compared is None or compared is cst.IsNot
    return "present" if present != negated else "absent"


def _leaves(block: cst.BaseSuite) -> bool:
    """Whether a block always ends in ``return``/``raise``/``continue``/``break``."""
    return ending_jump(block.body[-1] if isinstance(block, cst.IndentedBlock) and block.body else block) is not None


def _names_session(annotation: cst.BaseExpression) -> bool:
    """``Session``, ``orm.Session``, ``AsyncSession``, ``Annotated[AsyncSession, ...]``, ``Optional[Session]``."""
    return any(isinstance(n, (cst.Name, cst.Attribute)) and (dotted_name(n) or "").rsplit(".", 1)[-1] in
               _SA_SESSION_CLASSES for n in _subtree(annotation))


def _loads_all_asked(query: cst.BaseExpression, filters: frozenset[str]) -> bool | None:
    """Whether a query loads every row a later lookup by primary key may ask for (the session's
    identity map holds them): True when it is unfiltered (the whole table), False when keyed by
    ``.in_(...)`` (priming the identity map for the many-to-ones of other rows), None otherwise.
    A filter is a narrowing method, a generator's ``if`` or a ``lambda`` condition (Pony)."""
    nodes = list(_subtree(query))
    calls = [n for n in nodes if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute)]
    if not any(c.func.attr.value in filters for c in calls) and not any(
            isinstance(n, (cst.CompIf, cst.Lambda)) or (isinstance(n, cst.Slice) and (n.lower or n.upper))
            for n in nodes):
        return True
    return False if any(c.func.attr.value == SA.in_operator for c in calls) else None


def _leaving(stmt: cst.CSTNode) -> str | None:
    """"return" when a statement leaves the function (or raises), "break" when it leaves the loop;
    an ``if``/``elif``/``else`` chain leaves when every branch does."""
    jump = ending_jump(stmt)
    if jump is not None:
        return None if jump == "continue" else jump
    if isinstance(stmt, (cst.If, cst.Else)):
        branches = [_leaving(stmt.body.body[-1] if isinstance(stmt.body, cst.IndentedBlock) and stmt.body.body
                             else stmt.body)]
        orelse = getattr(stmt, "orelse", None)
        branches.append(_leaving(orelse) if orelse is not None else None)
        if isinstance(stmt, cst.Else):
            branches = branches[:1]
        if all(branches):
            return "break" if "break" in branches else "return"
    return None


def _batched(node: cst.CSTNode | None) -> bool:
    """Whether a query asks for a group of rows at once (``filter(pk__in=batch)``)."""
    return node is not None and any(a.keyword is not None and a.keyword.value.endswith("__in")
               for n in _subtree(node) if isinstance(n, cst.Call) for a in n.args)


def _receivers(expr: cst.BaseExpression):
    """``expr`` and what it is called or read on, down its chain: ``a._meta.get_field("x").choices``, ...,
    ``a._meta``, ``a`` (not the arguments of the calls)."""
    while True:
        yield expr
        if isinstance(expr, (cst.Attribute, cst.Subscript)):
            expr = expr.value
        elif isinstance(expr, cst.Call):
            expr = expr.func
        else:
            return


def _until_answered(loop: cst.While, query: cst.CSTNode) -> bool:
    """``while not unique: code = draw(); if not M.objects.filter(code=code).exists(): unique = True``: the
    loop's condition is set by a branch its query decides (directly, or through a name the body binds to
    it): a retry until the answer lets it stop, which asks as often as draws collide, not once per row."""
    flags = _names_in(loop.test)
    holders = {name for n in _subtree(loop.body) if isinstance(n, cst.Assign) and any(q is query for q in _subtree(n.value))
               for t in n.targets for name in _target_names(t.target)}
    return any(isinstance(n, cst.If) and (any(q is query for q in _subtree(n.test)) or _names_in(n.test) & holders)
               and _bound_names(n) & flags for n in _subtree(loop.body))


_TIME_STEPS = frozenset({"timedelta", "relativedelta"})


def _time_windows(loop: cst.While, query: cst.CSTNode) -> bool:
    """``while start < end: ...; start += timedelta(days=10)`` (or ``start = start + step``, ``start = stop`` after
    ``stop = start + timedelta(...)``): each iteration works on one window of a range, a chunk of rows, not one
    row; chunking a large UPDATE or scan by date is done on purpose. A step of another type (``start += window``,
    ``stop = min(start + window, end)``) makes a window only for a query that reads its bounds."""
    test = loop.test
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(
            test.comparisons[0].operator, (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual))):
        return False
    bound = dotted_name(test.left)
    steps: set[str] = set()  # names the body binds to a time step or to the bound moved by one
    moved = by_time = False
    for node in _subtree(loop.body):
        if isinstance(node, (cst.Assign, cst.AugAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            names = {dotted_name(t) for t in targets}
            timed = any(isinstance(n, cst.Call) and (dotted_name(n.func) or "").rsplit(".", 1)[-1] in _TIME_STEPS
                        or isinstance(n, cst.Name) and (n.value in steps or n.value.endswith("delta"))
                        for n in _subtree(node.value))
            stepped = any(_window_step(n, bound) for n in _subtree(node.value)) or (
                isinstance(node, cst.AugAssign) and isinstance(node.operator, cst.AddAssign) and bound in names
                and not isinstance(node.value, (cst.Integer, cst.Float)))
            if timed or stepped:
                steps.update(n for n in names if n)
                moved = moved or bound in names
                by_time = by_time or (timed and bound in names)
    if not (bound and moved):
        return False
    reads = _names_in(query)  # and what the body binds them to: ``qs = M.objects.filter(lft__gt=start)``
    for _ in range(2):
        reads |= {name for node in _subtree(loop.body) if isinstance(node, cst.Assign)
                  and _names_in(node.targets[0].target) & reads for name in _names_in(node.value)
                  if not isinstance(node.value, cst.Subscript)}  # ``rec = buf[pos]``: one element, not a window
    return by_time or bound in reads


_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


def _text_where_values(call: cst.Call | cst.Subscript) -> tuple[cst.BaseExpression, ...] | None:
    """The values that pick the rows of ``execute(text("UPDATE ... SET p = :p WHERE id = :id"), {...})``: the
    mapping's values for the parameters named after ``WHERE`` (a progress row written per iteration is one row);
    None for anything else."""
    args = _positional(call) if isinstance(call, cst.Call) else []
    if len(args) < 2 or not isinstance(args[0], cst.Call) or not args[0].args or not isinstance(args[1], cst.Dict):
        return None
    text = _string(args[0].args[0].value)
    where = _WHERE.search(text or "")
    if text is None or where is None or not re.match(r"\s*(UPDATE|DELETE)\b", text, re.IGNORECASE):
        return None
    keys = set(re.findall(r"(?<!:):(\w+)", text[where.end():]))
    values = tuple(e.value for e in args[1].elements if isinstance(e, cst.DictElement) and _string(e.key) in keys)
    return values if len(values) == len(keys) and keys else None


def _prefetch_parts(call: cst.Call) -> tuple[str | None, str | None, cst.BaseExpression | None]:
    """(lookup, to_attr, queryset) of ``Prefetch("books", queryset=..., to_attr="sorted_books")``, each None when
    not written as a literal (the queryset: not given)."""
    args = _positional(call)
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    lookup = _string(keywords["lookup"]) if "lookup" in keywords else _string(args[0]) if args else None
    to_attr = _string(keywords["to_attr"]) if "to_attr" in keywords else None
    queryset = keywords.get("queryset", args[1] if len(args) > 1 else None)
    return lookup, to_attr, queryset


def _flushed_per_batch(loop: cst.CSTNode, query: cst.CSTNode) -> bool:
    """The query runs in a branch of the loop's body taken once per batch of rows: ``if len(rows) >=
    self.batch_size:`` (a buffer the loop fills, flushed when full) or ``if count % 1000 == 0:``."""
    body = getattr(loop, "body", None)
    if body is None:
        return False
    filled = {_code(n.func.value) for n in _subtree(body) if isinstance(n, cst.Call) and isinstance(
        n.func, cst.Attribute) and n.func.attr.value in ("append", "extend")}
    return _in_branch(body, query, lambda test: _batch_threshold(test, filled))


def _in_branch(body: cst.CSTNode, query: cst.CSTNode, taken_when: Callable[[cst.BaseExpression], bool]) -> bool:
    """Whether ``query`` sits in the body of an ``if`` of ``body`` whose test ``taken_when`` accepts."""
    return any(isinstance(n, cst.If) and taken_when(n.test) and any(q is query for q in _subtree(n.body))
               for n in _subtree(body))


def _once_per_key(loop: cst.CSTNode, query: cst.CSTNode) -> bool:
    """``for key, value in record.items(): if key == "division": ...``: a dict's keys are distinct, so a
    branch taken for one key written in the code (or one of a few: ``key in ("a", "b")``) runs once per loop,
    whatever the dict holds."""
    if not (isinstance(loop, cst.For) and isinstance(loop.iter, cst.Call) and isinstance(loop.iter.func, cst.Attribute)
            and loop.iter.func.attr.value in ("items", "keys") and not loop.iter.args):
        return False
    target = loop.target
    if isinstance(target, cst.Tuple) and target.elements and loop.iter.func.attr.value == "items":
        target = target.elements[0].value
    if not isinstance(target, cst.Name):
        return False
    return _in_branch(loop.body, query, lambda test: _tests_key(test, target.value))


def _tests_key(test: cst.BaseExpression, key: str) -> bool:
    """``key == "x"``, ``"x" == key``, ``key in ("x", "y")``: the key against literals (also as one side of an
    ``and``: ``key == "division" and value``)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _tests_key(test.left, key) or _tests_key(test.right, key)
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    operator, right = test.comparisons[0].operator, test.comparisons[0].comparator
    left = test.left
    if isinstance(operator, cst.Equal):
        sides = (left, right) if isinstance(left, cst.Name) and left.value == key else (right, left)
        return isinstance(sides[0], cst.Name) and sides[0].value == key and isinstance(sides[1], (cst.SimpleString,
                                                                                                  cst.Integer))
    return isinstance(operator, cst.In) and isinstance(left, cst.Name) and left.value == key and isinstance(
        right, (cst.Tuple, cst.List, cst.Set)) and all(isinstance(e.value, (cst.SimpleString, cst.Integer))
                                                       for e in right.elements)


def _batch_threshold(test: cst.BaseExpression, filled: set[str]) -> bool:
    """``len(rows) >= size`` of a list the loop fills (``filled``), ``len(buffer) == 500``, ``n % 1000 == 0``;
    not ``len(rows) > 0`` (not empty), nor the size of something else (``len(item.children) > 5``)."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    operator, right = test.comparisons[0].operator, test.comparisons[0].comparator
    left = test.left
    if isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Modulo):  # not ``i % 2``: half the rows
        every = left.right
        return isinstance(operator, cst.Equal) and not (isinstance(every, cst.Integer) and every.evaluated_value < 10)
    sized = isinstance(left, cst.Call) and dotted_name(left.func) == "len" and len(left.args) == 1 \
        and _code(left.args[0].value) in filled
    small = isinstance(right, cst.Integer) and right.evaluated_value in (0, 1)
    return sized and not small and isinstance(operator, (cst.GreaterThanEqual, cst.GreaterThan, cst.Equal))


def _window_step(node: cst.CSTNode, bound: str | None) -> bool:
    """``start + window`` (``window_end = min(window_start + window, end)``): the bound moved by a step the
    code names, a window; ``start + 1`` moves it by one row."""
    if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)):
        return False
    left, right = dotted_name(node.left), dotted_name(node.right)
    step = node.right if left == bound else node.left if right == bound else None
    return bound is not None and step is not None and not isinstance(step, (cst.Integer, cst.Float))


def _served_by_test(loop: cst.While, query: cst.CSTNode) -> bool:
    """``while rows: ...; rows.count()``: the test fetched the rows, and ``count()``/``exists()`` of a
    Django queryset answer from them, until the body binds the name to another query."""
    test, name = loop.test, None
    if isinstance(test, cst.Name) and isinstance(query, cst.Call) and isinstance(query.func, cst.Attribute) \
            and isinstance(query.func.value, cst.Name) and query.func.attr.value in _RESULT_CACHE_READS:
        name = test.value if query.func.value.value == test.value else None
    if name is None or not isinstance(loop.body, cst.IndentedBlock):
        return False
    for stmt in loop.body.body:
        if any(n is query for n in _subtree(stmt)):
            return True
        if name in _bound_names(stmt):
            return False
    return False


def _query_chain(value: cst.BaseExpression | None) -> bool:
    """``Order.objects.filter(x=row)``, ``qs.filter(x=row).order_by("pk")``: methods called on a manager or a
    query; not a function's result (``helper(row)``, which may be a cached list), nor a name."""
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)):
        return False
    while isinstance(value, (cst.Call, cst.Attribute)):
        value = value.func if isinstance(value, cst.Call) else value.value
        if isinstance(value, cst.Call) and not isinstance(value.func, cst.Attribute):
            return False
    return isinstance(value, cst.Name)


def _truth_tested(test: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The operands of an ``if`` test whose truth is asked: ``qs``, ``not qs``, ``a and (qs or b)``."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _truth_tested(test.expression)
    if isinstance(test, cst.BooleanOperation):
        return _truth_tested(test.left) + _truth_tested(test.right)
    return [test]


def _names_a_member(name: cst.Name, parent: cst.CSTNode | None) -> bool:
    """``name`` is an attribute's name (``listing.categories``) or a keyword's (``f(categories=...)``), no variable."""
    return isinstance(parent, cst.Attribute) and parent.attr is name or isinstance(parent, cst.Arg) \
        and parent.keyword is name


def _subtree(node: cst.CSTNode):
    """``node`` and every meaningful node below it."""
    yield node
    yield from descendants(node)


def _comp_fors(comp: cst.CompFor) -> list[cst.CompFor]:
    out = []
    while comp is not None:
        out.append(comp)
        comp = comp.inner_for_in
    return out


def eager_lookup(event: LazyLoad) -> tuple[str, str]:
    """(loader, path) of the eager load that removes ``event``'s per-iteration query."""
    owner, rel = event.owner, event.relation
    query = Analyzer._spec(owner.load.orm).query
    path = owner.prefix + (rel.name,)
    # selectinload-style loaders are right for both when the cardinality is a guess (SQLAlchemy)
    to_one = not rel.many and rel.kind != "generic" and rel.many_known and not (
        query.to_one_needs_single_path and any(owner.prefix_many))
    return (query.to_one_loader if to_one else query.collection_loader), query.path_separator.join(path)


def describe(rel: RelationFact) -> str:
    """How a relation was declared, in the ORM's words, with the model it yields."""
    target = rel.target.rsplit(".", 1)[-1]
    direction = (f"from {target}" if rel.reverse else f"to {target}") if target else "to any model"
    relations = Analyzer._spec(rel.orm).relations
    if rel.kind == "relationship":  # SQLAlchemy relationship(), its backref
        side = "backref" if rel.reverse else "relationship"
        return f"{side} {direction}, lazy={rel.lazy!r}"
    if rel.kind == "generic":
        label = "generic relation"
    else:
        fields = [f for f in relations.fields if f.kind == rel.kind]
        label = next((f.constructor for f in fields if f.nullable == rel.null), fields[0].constructor if fields else
                     f"{rel.kind} relation")
    return f"{relations.reverse_label.format(label=label)} {direction}" if rel.reverse else f"{label} {direction}"


def bypasses_prefetch(event: LazyLoad) -> bool:
    """A related-manager call that a prefetch would not serve (Django ``.filter()``, ``.aggregate()``,
    ``.iterator()``, ``.first()``, Pony ``Set.select()`` ...): the query runs per object even when
    the relation is prefetched."""
    lookups = Analyzer._spec(event.relation.orm).query.lookups
    return bool(lookups) and event.mode in ("manager", "requery") and event.method not in lookups | {"all", "iter", ""}


def _lookup_name(path: str, rel: RelationFact) -> str:
    """``path`` as a query lookup spells its last relation: Django's default reverse accessor ``item_set`` is
    ``item`` in ``Count("item")`` (a ``related_name`` is both)."""
    head, _, last = path.rpartition("__")
    model = rel.target.rsplit(".", 1)[-1].lower()
    if rel.reverse and last == f"{model}_set":
        last = model
    return f"{head}__{last}" if head else last


def advice(event: LazyLoad) -> str:
    """The eager-loading call that fixes ``event``, as code."""
    loader, path = eager_lookup(event)
    owner, rel = event.owner, event.relation
    spec = Analyzer._spec(owner.load.orm)
    query = spec.query
    if rel.lazy in spec.relations.querying_strategies:
        return (f"a lazy={rel.lazy!r} relationship cannot be eager-loaded: query the rows of all parents "
                f"at once, or declare it lazy=\"selectin\"")
    if event.walk:
        return (f"load the chain in one query (a recursive CTE, or your tree library's ancestors query), "
                f"or eager-load `{path}` a known number of levels deep")
    bypasses = bypasses_prefetch(event)
    if (bypasses or event.mode == "manager") and event.method in dict(query.bypass_advice):
        return dict(query.bypass_advice)[event.method].format(path=path, lookup=_lookup_name(path, rel))
    if event.mode == "requery" or bypasses:
        return query.requery_advice.format(path=path)
    if query.options:  # SQLAlchemy loader options
        if owner.load.anchor is None and owner.load.model_expr is not None and not owner.prefix:
            return f"pass `options=[{loader}({owner.model.name}.{rel.name})]` to session.get()"
        parent = f" chained after the loader for `{'.'.join(owner.prefix)}`" if owner.prefix else ""
        return f"add `.{query.options}({loader}({owner.model.name}.{rel.name}))`{parent} to the query"
    if event.loop is not None and event.loop.admin:  # no query in code: the admin's settings
        if loader == query.to_one_loader:
            return f'list "{path}" in `{event.loop.admin}.list_select_related`'
        return (f"prefetch it in `{event.loop.admin}.get_queryset()` "
                f"(`super().get_queryset(request).{loader}(\"{path}\")`)")
    template = dict(query.reshaped_advice).get((owner.load.reshaped_by, loader)) or dict(query.advice).get(loader)
    if template is None:
        return "eager-load it in the query"
    return template.format(loader=loader, path=path, model=owner.model.name, rel=rel.name)


def _append_arg(call: cst.Call, value: cst.BaseExpression) -> cst.Call:
    args = list(call.args)
    if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    args.append(cst.Arg(value))
    return call.with_changes(args=args)


def eager_fix(event: LazyLoad):
    """A safe fix adding the eager load to a query built in the same function, or None."""
    load, rel, owner = event.owner.load, event.relation, event.owner
    spec = Analyzer._spec(load.orm)
    if (event.via is not None or event.mode == "requery" or event.walk or not load.local or not load.fixable
            or load.opaque
            or load.anchor is None or rel.lazy in spec.relations.querying_strategies or rel.kind == "generic"
            or bypasses_prefetch(event)):
        return None
    loader, path = eager_lookup(event)
    found = spec.query.loader(loader)
    if found is None or not found.fix:
        return None
    calls = dict(load.calls)
    if found.style == "paths":
        argument = cst.SimpleString(f'"{path}"')
        if loader in calls:
            old = calls[loader]
            args = list(old.args)
            shorter = [i for i, a in enumerate(args) if _string(a.value) and path.startswith(f"{_string(a.value)}__")]
            if shorter:  # prefetch_related("items") becomes prefetch_related("items__product")
                args[shorter[0]] = args[shorter[0]].with_changes(value=argument)
                new = old.with_changes(args=args)
            else:
                new = _append_arg(old, argument)
        else:
            old = load.anchor
            new = cst.Call(cst.Attribute(old, cst.Name(loader)), [cst.Arg(argument)])
        return CstFix("safe", f"add .{loader}(\"{path}\")", replacements=[(old, new)])
    if found.style == "option" and not owner.prefix and load.model_expr is not None:
        option = cst.Call(cst.Name(loader), [cst.Arg(cst.Attribute(load.model_expr.deep_clone(), cst.Name(rel.name)))])
        method = spec.query.options
        if method in calls:
            old = calls[method]
            new = _append_arg(old, option)
        else:
            old = load.anchor
            new = cst.Call(cst.Attribute(old, cst.Name(method)), [cst.Arg(option)])
        return CstFix("safe", f"add .{method}({loader}({owner.model.name}.{rel.name}))",
                      replacements=[(old, new)], imports=[ImportSpec(SA.loader_module, loader)])
    return None


def _few(subscript: cst.Subscript, count: Callable[[cst.BaseExpression | None], int | None]) -> bool:
    """``rows[:5]``, ``rows[2:10]``, ``rows[:MAX]``: a slice whose bounds, integers written in the code
    (``count`` reads them), keep at most :data:`FEW` items."""
    if len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Slice):
        return False
    window = subscript.slice[0].slice
    lower, upper = count(window.lower or cst.Integer("0")), count(window.upper)
    if window.step is not None or lower is None or upper is None:
        return False
    return 0 <= upper - lower <= FEW

