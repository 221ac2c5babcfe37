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

from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.names import ImportTable, dotted_name, is_from

# Method names that open a transaction when used as a context manager, by ORM.
# Text a file must contain to open any transaction this module recognises (rules' prefilter).
TRANSACTION_HINTS = ("atomic", "begin", "transaction", "db_session", "savepoint")

_METHOD_TRANSACTIONS = {
    "begin": "sqlalchemy",
    "begin_nested": "sqlalchemy",
    "atomic": "peewee",
    "savepoint": "peewee",
    "transaction": "dbapi",  # asyncpg / psycopg 3 conn.transaction(), Peewee db.transaction()
}


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
    if is_from(qualified, "django.db", "atomic"):
        return Transaction(owner, "transaction.atomic()", "django", not _false_keyword(call, "savepoint"))
    if is_from(qualified, "tortoise", "in_transaction", "atomic"):
        return Transaction(owner, f"{_name(func)}()", "tortoise", True)
    if is_from(qualified, "pony", "db_session"):
        return Transaction(owner, "db_session", "pony", False)
    if call is None or not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    orm = _METHOD_TRANSACTIONS.get(method)
    if orm is None or (decorator and method not in ("atomic", "transaction")):
        return None
    if orm == "dbapi" and imports.imports_from("peewee", "playhouse"):
        orm = "peewee"
    nested = method in ("begin_nested", "savepoint") or (method == "begin" and _true_keyword(call, "nested"))
    savepoint = nested or method == "atomic" or (method == "transaction" and orm != "peewee")
    return Transaction(owner, f"{_name(func)}()", orm, savepoint, always_savepoint=nested)


def _bare_context(func: cst.BaseExpression, imports: ImportTable, owner: cst.CSTNode) -> Transaction | None:
    if is_from(imports.qualify(func), "pony", "db_session"):
        return Transaction(owner, "db_session", "pony", False)
    return None


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
