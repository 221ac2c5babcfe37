"""Index facts about session factories, engines and functions that hand out fresh handles.

Module-level names bound to ``sessionmaker(...)``, ``scoped_session(...)`` or an engine, and
plain functions whose every return is a fresh session or connection
(``def get_db(): return sqlite3.connect(...)``), so that rules in other modules know what a
call of them acquires.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.facts import HandleFactory, SessionBinding
from ormlint.orms.dbapi import CONNECTS
from ormlint.orms.handles import (
    ENGINE,
    FACTORY_KINDS,
    RAW_CONNECTION,
    SA_CONNECTION,
    SCOPED_SESSION,
    SESSION,
    SESSION_FACTORY,
    Kind,
)
from ormlint.orms.sqlalchemy import SA, is_sqlalchemy
from ormlint.syntax.names import ImportTable, dotted_name, dotted_suffixes
from ormlint.syntax.walk import scope_nodes

HINTS = ("ession", ".connect(")  # text of files that may bind a session factory or hand out connections
_FACTORY_KEYS = {id(kind): key for key, kind in FACTORY_KINDS.items()}


def binding_kind(value: cst.BaseExpression | None, imports: ImportTable) -> str | None:
    """What a module-level or local binding holds: a session factory, a scoped registry, an engine."""
    if not isinstance(value, cst.Call):
        return None
    qualified = imports.qualify(value.func)
    if is_sqlalchemy(qualified, *SA.session_factories):
        return SESSION_FACTORY
    if is_sqlalchemy(qualified, *SA.scoped_sessions):
        return SCOPED_SESSION
    if is_sqlalchemy(qualified, *SA.engine_factories):
        return ENGINE
    return None


def _assignments(statements: Iterable[cst.BaseStatement]) -> Iterator[tuple[cst.BaseExpression, cst.BaseExpression]]:
    """(target, value) of the assignments among ``statements``, looking into if/try blocks."""
    for stmt in statements:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        yield target.target, small.value
                elif isinstance(small, cst.AnnAssign) and small.value is not None:
                    yield small.target, small.value
        elif isinstance(stmt, (cst.If, cst.Try)):
            yield from _assignments(stmt.body.body)
            orelse = stmt.orelse
            while isinstance(orelse, (cst.If, cst.Else)):
                yield from _assignments(orelse.body.body)
                orelse = orelse.orelse if isinstance(orelse, cst.If) else None
            if isinstance(stmt, cst.Try):
                for handler in stmt.handlers:
                    yield from _assignments(handler.body.body)


def name_bindings(statements: Iterable[cst.BaseStatement], imports: ImportTable) -> dict[str, str]:
    """Names (and ``self.x`` attributes) bound to a session factory, scoped registry or engine."""
    found: dict[str, str] = {}
    for target, value in _assignments(statements):
        kind = binding_kind(value, imports)
        name = dotted_name(target)
        if kind and name:
            found[name] = kind
    return found


def module_bindings(module: cst.Module, imports: ImportTable) -> dict[str, str]:
    """Module-level names bound to ``sessionmaker(...)``, ``scoped_session(...)`` or an engine."""
    return {name: kind for name, kind in name_bindings(module.body, imports).items() if "." not in name}


def extract_session_bindings(module: cst.Module, imports: ImportTable) -> tuple[SessionBinding, ...]:
    """Index facts: module-level names bound to a session factory, a scoped registry or an engine."""
    return tuple(SessionBinding(name, kind) for name, kind in sorted(module_bindings(module, imports).items()))


def extract_handle_factories(module: cst.Module, imports: ImportTable) -> tuple[HandleFactory, ...]:
    """Index facts: functions that return a fresh session or connection (``def get_db(): return sqlite3.connect(...)``)."""
    found = handle_factories(module.body, imports, module_bindings(module, imports))
    return tuple(HandleFactory(name, _FACTORY_KEYS[id(kind)]) for name, kind in sorted(found.items()))


def direct_acquisition(call: cst.Call, imports: ImportTable, bindings: dict[str, str]) -> Kind | None:
    """The kind of handle a call returns, from the call alone: a driver's connect(), a Session,
    a session factory bound in ``bindings``, ``<engine>.connect()``, ``.raw_connection()``."""
    qualified = imports.qualify(call.func)
    if qualified in CONNECTS:
        return CONNECTS[qualified]
    if is_sqlalchemy(qualified, *SA.session_classes):
        return SESSION
    callee = dotted_name(call.func)
    if callee and bindings.get(callee) == SESSION_FACTORY:
        return SESSION
    if isinstance(call.func, cst.Attribute) and not any(a.keyword is None for a in call.args):
        method, owner = call.func.attr.value, dotted_name(call.func.value) or ""
        if method == "raw_connection":
            return RAW_CONNECTION
        if method == "connect" and owner and ("engine" in owner.rsplit(".", 1)[-1].lower() or bindings.get(owner) == ENGINE):
            return SA_CONNECTION
    return None


def handle_factories(statements: Iterable[cst.BaseStatement], imports: ImportTable,
                     bindings: dict[str, str]) -> dict[str, Kind]:
    """Plain functions among ``statements`` whose every return hands back a fresh handle.

    Cheap on purpose (it runs in the index pass on every file): only a function whose last
    top-level statement returns an acquisition, or a name a top-level statement bound to one,
    is looked at further.
    """
    found: dict[str, Kind] = {}
    for function in statements:
        if not isinstance(function, cst.FunctionDef) or function.decorators:
            continue  # decorated: cached (lru_cache), a property, a context manager, a fixture ...
        kind = _returned_acquisition(function, imports, bindings)
        if kind is None:
            continue
        nodes = list(scope_nodes(function.body))
        if any(isinstance(n, (cst.Yield, cst.Global, cst.Nonlocal)) for n in nodes):
            continue
        returns = [n for n in nodes if isinstance(n, cst.Return)]
        if all(_returned_kind(r, function, imports, bindings) is kind for r in returns):
            found[function.name.value] = kind
    return found


def _top_level_acquisitions(function: cst.FunctionDef, imports: ImportTable, bindings: dict[str, str]) -> dict[str, Kind]:
    acquired: dict[str, Kind] = {}
    for stmt in function.body.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                        and isinstance(small.targets[0].target, cst.Name):
                    value = small.value.expression if isinstance(small.value, cst.Await) else small.value
                    kind = direct_acquisition(value, imports, bindings) if isinstance(value, cst.Call) else None
                    if kind is not None:
                        acquired[small.targets[0].target.value] = kind
    return acquired


def _returned_kind(ret: cst.Return, function: cst.FunctionDef, imports: ImportTable,
                   bindings: dict[str, str]) -> Kind | None:
    value = ret.value.expression if isinstance(ret.value, cst.Await) else ret.value
    if isinstance(value, cst.Call):
        return direct_acquisition(value, imports, bindings)
    if isinstance(value, cst.Name):
        return _top_level_acquisitions(function, imports, bindings).get(value.value)
    return None


def _returned_acquisition(function: cst.FunctionDef, imports: ImportTable, bindings: dict[str, str]) -> Kind | None:
    body = function.body
    if not isinstance(body, cst.IndentedBlock) or not body.body:
        return None
    last = body.body[-1]
    if not isinstance(last, cst.SimpleStatementLine) or not isinstance(last.body[-1], cst.Return):
        return None
    return _returned_kind(last.body[-1], function, imports, bindings)


@derived_table
def _binding_table(index) -> dict[str, set[str | Kind]]:
    """Every dotted suffix (with a module part) of the project's factories and engines -> what they are."""
    found: dict[str, set[str | Kind]] = {}
    for facts in index.files.values():
        named: list[tuple[str, str | Kind]] = [(b.name, b.kind) for b in facts.sessions]
        named += [(f.function, FACTORY_KINDS[f.kind]) for f in facts.handle_factories]
        for name, kind in named:
            for suffix in dotted_suffixes(f"{facts.module}.{name}"):
                found.setdefault(suffix, set()).add(kind)
    return found


def project_bindings(index, qualified: str) -> str | Kind | None:
    """What ``module.name`` is among the project's module-level factories and engines: a binding kind
    (``session_factory``, ``scoped_session``, ``engine``) or, for a function handing out a fresh
    handle, the :class:`Kind` of that handle.

    Module names in the index are relative to the project root, imports to the import
    root (``blog.db`` vs ``src.blog.db``): a unique suffix match counts.
    """
    kinds = index.derived(_binding_table).get(qualified)
    return next(iter(kinds)) if kinds and len(kinds) == 1 else None


def self_attribute_bindings(module: cst.Module, imports: ImportTable) -> dict[str, str]:
    """``self.x = sessionmaker(...)`` anywhere in the module's methods."""
    found: dict[str, str] = {}
    for node in scope_nodes(module, into_scopes=True):
        if isinstance(node, cst.Assign):
            kind = binding_kind(node.value, imports)
            for target in node.targets if kind else ():
                name = dotted_name(target.target)
                if name and name.startswith(("self.", "cls.")):
                    found[name.split(".", 1)[1]] = kind
    return found
