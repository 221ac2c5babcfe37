"""Transaction contexts: does a statement run inside a database transaction?

A transaction context is a ``with``/``async with`` block or a decorated function that
opens a transaction for the code it wraps:

- Django: ``transaction.atomic()`` as a block, ``@transaction.atomic`` (bare or called,
  ``using=``/``savepoint=`` accepted);
- SQLAlchemy/SQLModel: ``session.begin()``, ``engine.begin()``, ``conn.begin()``,
  ``sessionmaker.begin()``, ``begin_nested()`` (a savepoint);
- Peewee: ``db.atomic()`` (block or decorator), ``db.transaction()``, ``db.savepoint()``;
- Tortoise: ``in_transaction()``, ``@atomic()``;
- asyncpg / psycopg 3: ``conn.transaction()``;
- Pony: ``db_session`` (block or decorator, bare or called).

Lexical only: a function called from inside a transaction is not known to run in it,
and Django's ``ATOMIC_REQUESTS`` is not modelled. A ``def``/``lambda`` is a boundary:
its body runs later (``transaction.on_commit(lambda: ...)``, callbacks), so a context
outside it does not apply to it; the decorators of the function itself do.

Use :func:`enclosing_transactions` with a rule's ``self.ancestors`` (or any path of
nodes from the module down to the node in question).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import libcst as cst

from ormlint.index.effects import EffectRegistry, task_queue
from ormlint.orms import ORMS, dbapi
from ormlint.orms.django import DJANGO, DJANGO_EXTRAS
from ormlint.orms.spec import TransactionForm
from ormlint.syntax.literals import class_methods
from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.names import ImportTable, dotted_name

DBAPI = "dbapi"  # Transaction.orm of a driver's connection.transaction() (asyncpg, psycopg 3)
# Transaction forms by the ORM that has them: imported APIs, and methods of a connection/session/database.
_APIS = tuple((spec.name, form) for spec in ORMS for form in spec.transactions if form.api is not None)
_METHODS = {form.method: (spec.name, form) for spec in ORMS for form in spec.transactions if form.method}
_DRIVER_TRANSACTION = TransactionForm(method=dbapi.TRANSACTION_METHOD, savepoint=True, decorator=True)
# Text a file must contain to open any transaction this module recognises (rules' prefilter).
TRANSACTION_HINTS = tuple(dict.fromkeys(
    [name for _, form in _APIS for name in form.api.names] + list(_METHODS) + [dbapi.TRANSACTION_METHOD]))


@dataclass(frozen=True)
class Transaction:
    """One transaction context around a node.

    ``node`` is the ``With`` or the decorated ``FunctionDef``; ``api`` names the call as
    written (``transaction.atomic()``, ``session.begin()``) for messages; ``orm`` is the
    library (``django``, ``sqlalchemy``, ``peewee``, ``tortoise``, ``pony``, ``dbapi``);
    ``savepoint`` says whether the context opens a savepoint when it is nested inside
    another transaction (``begin_nested()`` and ``savepoint()`` always do).
    """

    node: cst.CSTNode
    api: str
    orm: str
    savepoint: bool
    always_savepoint: bool = False


def transaction_of(expr: cst.BaseExpression, imports: ImportTable, owner: cst.CSTNode,
                   decorator: bool = False) -> Transaction | None:
    """The transaction opened by a ``with`` item or a decorator expression, if any."""
    call = expr if isinstance(expr, cst.Call) else None
    func = call.func if call else expr
    if call is None and not decorator:
        return _bare_context(func, imports, owner)
    qualified = imports.qualify(func)
    for orm, form in _APIS:
        if form.api.matches(qualified) and (not decorator or form.decorator):
            savepoint = form.savepoint and not _false_keyword(call, form.no_savepoint_keyword)
            return Transaction(owner, _api_name(func, qualified, form), orm, savepoint)
    if call is None or not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    orm, form = _METHODS.get(method, (None, None))
    if method == dbapi.TRANSACTION_METHOD and not (orm and imports.imports_from(*_packages(orm))):
        orm, form = DBAPI, _DRIVER_TRANSACTION  # asyncpg / psycopg 3; Peewee's db.transaction() in a Peewee file
    if form is None or (decorator and not form.decorator):
        return None
    nested = form.always_savepoint or (bool(form.nested_keyword) and _true_keyword(call, form.nested_keyword))
    return Transaction(owner, f"{_name(func)}()", orm, nested or form.savepoint, always_savepoint=nested)


def _bare_context(func: cst.BaseExpression, imports: ImportTable, owner: cst.CSTNode) -> Transaction | None:
    qualified = imports.qualify(func)
    for orm, form in _APIS:
        if form.bare and form.api.matches(qualified):
            return Transaction(owner, _api_name(func, qualified, form), orm, form.savepoint)
    return None


def _api_name(func: cst.BaseExpression, qualified: str | None, form: TransactionForm) -> str:
    """How a message names an imported transaction API: ``transaction.atomic()``, ``db_session``."""
    last = (qualified or "").rsplit(".", 1)[-1]
    if form.bare:
        return last
    if form.no_savepoint_keyword:  # Django: always spelled after its module
        return f"transaction.{last}()"
    return f"{_name(func)}()"


def _packages(orm: str) -> tuple[str, ...]:
    return next(spec.packages for spec in ORMS if spec.name == orm)


def _name(func: cst.BaseExpression) -> str:
    name = dotted_name(func)
    if name is None and isinstance(func, cst.Attribute):
        name = f"….{func.attr.value}"
    return name or "…"




def _false_keyword(call: cst.Call | None, name: str) -> bool:
    value = _keyword(call, name)
    return isinstance(value, cst.Name) and value.value == "False"


def _true_keyword(call: cst.Call | None, name: str) -> bool:
    value = _keyword(call, name)
    return isinstance(value, cst.Name) and value.value == "True"


def enclosing_transactions(path: Sequence[cst.CSTNode], imports: ImportTable) -> list[Transaction]:
    """Transactions whose body holds ``path[-1]``, outermost first.

    ``path`` runs from the module (or any outer node) down to the node. The walk stops
    at the innermost ``def``/``lambda``/``class`` (whose body runs at another time),
    after taking the transaction decorators of that function into account.
    """
    found: list[Transaction] = []
    for index in range(len(path) - 2, -1, -1):
        node, child = path[index], path[index + 1]
        if isinstance(node, cst.With) and child is node.body:
            for item in reversed(node.items):
                transaction = transaction_of(item.item, imports, node)
                if transaction is not None:
                    found.append(transaction)
        elif isinstance(node, cst.FunctionDef):
            if child is node.body:
                for decorator in reversed(node.decorators):
                    transaction = transaction_of(decorator.decorator, imports, node, decorator=True)
                    if transaction is not None:
                        found.append(transaction)
            break
        elif isinstance(node, (cst.Lambda, cst.ClassDef)):
            break
    found.reverse()
    return found


def opens_savepoint(inner: Transaction, outer: Sequence[Transaction]) -> bool:
    """Whether ``inner``, nested inside the transactions ``outer``, is a savepoint."""
    return inner.always_savepoint or (bool(outer) and inner.savepoint)


def path_to(node: cst.CSTNode, ctx) -> list[cst.CSTNode]:
    """The path from the module down to ``node``, from a :class:`FileContext`'s parent map."""
    return [*reversed(list(ctx.ancestors(node))), node]


def _view_class(cls: cst.ClassDef | None) -> bool:
    """A class-based view, by its name or a base's (``View``, ``APIView``, ``ModelViewSet``, ``BookListView``):
    ``ATOMIC_REQUESTS`` wraps the view alone, not middleware nor what a backend does before it runs."""
    if cls is None:
        return False
    names = [cls.name.value] + [(dotted_name(b.value) or "").rsplit(".", 1)[-1] for b in cls.bases]
    return any("View" in name for name in names)


def _middleware_module(module: cst.Module) -> bool:
    """A module defining a Django middleware: a class with one of the methods Django calls on middleware
    (``process_exception``, ``process_request``...)."""
    return any(DJANGO_EXTRAS.middleware_hooks & class_methods(stmt).keys()
               for stmt in module.body if isinstance(stmt, cst.ClassDef))


def in_request_transaction(function: cst.CSTNode | None, ctx) -> bool:
    """Whether ``function`` is a Django view that runs in the request's transaction: the project sets
    ``ATOMIC_REQUESTS``, and it is a sync function taking ``request`` (after ``self``, in a view class), not marked
    ``@transaction.non_atomic_requests`` (Django refuses ``ATOMIC_REQUESTS`` for async views), nor a task a worker
    runs (``@dramatiq.actor def receive(request)``)."""
    if not isinstance(function, cst.FunctionDef) or function.asynchronous is not None \
            or not ctx.imports.imports_from(*DJANGO.packages) or not ctx.index.derived(EffectRegistry).atomic_requests:
        return False
    params = [p.name.value for p in function.params.params]
    if params[:1] == ["self"]:
        params = params[1:]
        if not _view_class(next((a for a in ctx.ancestors(function) if isinstance(a, cst.ClassDef)), None)):
            return False  # a middleware's or an authentication backend's method: Django runs it outside the view
    if params[:1] != ["request"] or _middleware_module(ctx.module):
        return False  # a middleware's module: its functions taking the request are its helpers, not views
    decorators = [d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator for d in function.decorators]
    return not any(DJANGO_EXTRAS.non_atomic_requests.matches(ctx.imports.qualify(d)) for d in decorators) \
        and not any(task_queue(d.decorator, ctx.imports) for d in function.decorators)
