"""Calls that evidently run SQL, and which of them change rows.

Lexical and conservative: a call counts when its method and receiver say so whatever the
types are (``Model.objects.filter(...).update(...)``, ``obj.save()``, ``session.flush()``,
``cursor.execute(sql)``, Peewee/Tortoise ``Model.get(...)``, a Django related manager's
``order.items.update(closed=True)``); an unknown helper is not a database call.
"""

from __future__ import annotations

import libcst as cst

from ormlint.orms import ORMS, database_errors, sql_running_methods
from ormlint.orms.dbapi import EXECUTE_METHODS
from ormlint.orms.django import DJANGO
from ormlint.orms.spec import any_matches
from ormlint.orms.sqlalchemy import SA
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import scope_nodes

DB_METHODS = sql_running_methods()  # methods that always hit the database
INSTANCE_WRITES = frozenset(m for spec in ORMS for w in spec.writes if "instance" in w.on for m in w.methods)
# Calls that change rows: what a rollback takes back (a read loses nothing).
WRITE_METHODS = frozenset(m for spec in ORMS for w in spec.writes for m in w.methods) | frozenset(
    b.method for spec in ORMS for b in spec.hooks.bulk) | SA.session_writes
# Writes of a Django queryset or related manager (``order.items.update(closed=True)``).
_QUERYSET_WRITES = frozenset(m for w in DJANGO.writes if "query" in w.on for m in w.methods) \
    | DJANGO.hooks.queryset_methods
# ORMs whose model classes query themselves (``Tag.get(...)``, ``await Tag.create(...)``).
_CLASS_QUERY_ORMS = tuple(spec for spec in ORMS if not spec.managers)
_CLASS_QUERY_METHODS = frozenset(m for spec in _CLASS_QUERY_ORMS for m in (
    spec.query.model_single | spec.query.single | spec.query.executes
    | frozenset(w for write in spec.writes if "model" in write.on for w in write.methods)
    | frozenset(b.method for b in spec.hooks.bulk)))


def is_db_call(call: cst.Call, imports: ImportTable | None = None) -> bool:
    """A call that evidently runs SQL: an ORM write/query method or a DB-API execute.

    With ``imports``, a query method on a capitalised name counts in files that import an
    ORM whose models query themselves (Peewee, Tortoise, Pony).
    """
    func = call.func
    if not isinstance(func, cst.Attribute):
        return False
    method = func.attr.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if _storage_only(call):
        return False
    if method in DB_METHODS:
        return True
    if method in INSTANCE_WRITES and not positional:
        return True
    if method in SA.session_writes and not call.args and (method != "flush" or "session" in (
            dotted_name(func.value) or "")):
        return True
    if method in EXECUTE_METHODS and positional:
        return True
    if method in _QUERYSET_WRITES and not positional and _queryset_like(func.value):
        return True
    if imports is not None and method in _CLASS_QUERY_METHODS and _model_class_root(func.value, imports):
        return True
    return _through_query_root(func.value)


def _storage_only(call: cst.Call) -> bool:
    """``instance.file.delete(save=False)``: Django's ``FieldFile.delete`` removes the stored file and, given
    ``save=False``, leaves the row alone (no model's ``delete()``/``save()`` takes ``save``)."""
    return any(a.keyword is not None and a.keyword.value == "save" and dotted_name(a.value) == "False"
               for a in call.args)


def is_write(call: cst.Call, imports: ImportTable | None = None) -> bool:
    """A call that changes rows, or queues a change in a session (``session.add(obj)``)."""
    if not isinstance(call.func, cst.Attribute):
        return False
    method = call.func.attr.value
    if method in SA.session_changes and is_session(call.func.value):
        return True
    if not is_db_call(call, imports):
        return False
    if method in EXECUTE_METHODS:
        root = call.args[0].value if call.args else None
        while isinstance(root, (cst.Call, cst.Attribute)):
            root = root.func if isinstance(root, cst.Call) else root.value
        return not (isinstance(root, cst.Name) and root.value == SA.statements[0])  # select(...): a read
    return method in WRITE_METHODS


def is_session(node: cst.BaseExpression) -> bool:
    """Named like a session: ``session``, ``db.session``, ``self.dbsession``, ``db``."""
    last = (dotted_name(node) or "").rsplit(".", 1)[-1]
    return "session" in last.lower() or last in SA.session_names


def _queryset_like(receiver: cst.BaseExpression) -> bool:
    """A related manager or queryset: ``order.items``, ``x.filter(...)``; not a plain name (``data.update``) nor a
    class of a module (``stripe.Customer.create(...)``: accessors of relations are not capitalised)."""
    if isinstance(receiver, cst.Attribute):
        return not receiver.attr.value[:1].isupper()
    return isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Attribute) \
        and receiver.func.attr.value in DJANGO.query.same_model


def _model_class_root(node: cst.BaseExpression, imports: ImportTable) -> bool:
    while isinstance(node, (cst.Attribute, cst.Call, cst.Subscript)):
        node = node.func if isinstance(node, cst.Call) else node.value
    return isinstance(node, cst.Name) and node.value[:1].isupper() and not node.value.isupper() \
        and imports.imports_from(*(package for spec in _CLASS_QUERY_ORMS for package in spec.packages))


def _through_query_root(node: cst.BaseExpression) -> bool:
    """``Model.objects...``, ``Model._default_manager...``, ``session.query(...)...``, ``Model.query...``."""
    while isinstance(node, (cst.Attribute, cst.Call, cst.Subscript)):
        if isinstance(node, cst.Attribute):
            if node.attr.value in DJANGO.managers:
                return True
            if node.attr.value in (SA.session_query, SA.query_attribute) and _is_query_receiver(node.value):
                return True
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        else:
            node = node.value
    return False


def _is_query_receiver(node: cst.BaseExpression) -> bool:
    """``session.query`` / ``db.session.query`` or Flask-SQLAlchemy's ``Model.query``."""
    name = dotted_name(node) or ""
    last = name.rsplit(".", 1)[-1]
    return "session" in last or last[:1].isupper()


DB_ERRORS = database_errors()  # exception classes a failing statement raises, by package
BROAD_ERRORS = frozenset({"Exception", "BaseException"})


def caught_error(type_: cst.BaseExpression | None, imports: ImportTable) -> str | None:
    """What an ``except`` clause's type catches of a failed statement's error: ``"db"`` for database error
    classes (alone or in a tuple), ``"broad"`` for a bare ``except``/``Exception``, else None."""
    if type_ is None:
        return "broad"
    if isinstance(type_, cst.Tuple):
        kinds = {caught_error(e.value, imports) for e in type_.elements}
        return "db" if "db" in kinds else ("broad" if "broad" in kinds else None)
    if isinstance(type_, cst.Name) and type_.value in BROAD_ERRORS and imports.qualify(type_) is None:
        return "broad"
    return "db" if any_matches(imports.qualify(type_), DB_ERRORS) else None


def swallows_database_error(handler: cst.ExceptHandler, imports: ImportTable) -> bool:
    """An ``except`` that catches a failed statement's error (bare, ``Exception``, ``DatabaseError``,
    ``IntegrityError``, ... alone or in a tuple) and never re-raises it."""
    return caught_error(handler.type, imports) is not None \
        and not any(isinstance(n, cst.Raise) for n in scope_nodes(handler.body))
