"""Whether a SQLAlchemy session expires its objects on commit (``expire_on_commit``).

After ``commit()`` a session with the default ``expire_on_commit=True`` expires every
attribute of every object it holds; the next read refreshes the row. Under asyncio that
refresh is implicit IO and raises ``MissingGreenlet`` (ORM103). The setting lives where
the session is made, usually another module, so the index pass records it:

- :class:`~ormlint.index.facts.SessionFactory`: a module-level ``sessionmaker``/
  ``async_sessionmaker`` and its setting;
- :class:`~ormlint.index.facts.SessionProvider`: a function that yields or returns a session
  made by a factory (qualified), or by a session class constructed in place, as FastAPI's
  ``Depends(get_session)`` providers do.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.index.facts import SessionFactory, SessionProvider
from ormlint.orms.sqlalchemy import SA, is_sqlalchemy
from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.names import ImportTable, dotted_name, dotted_suffixes
from ormlint.syntax.walk import descendants

HINTS = ("ession",)  # text of files that may make sessions


def constructed_expiry(call: cst.Call, imports: ImportTable) -> tuple[bool, bool] | None:
    """``(expires on commit, is_async)`` for a ``sessionmaker(...)``/``async_sessionmaker(...)`` or a
    session class constructed in place (``AsyncSession(engine, expire_on_commit=False)``)."""
    qualified = imports.qualify(call.func)
    if is_sqlalchemy(qualified, *SA.async_session_factories, *SA.async_session_classes):
        is_async = True
    elif is_sqlalchemy(qualified, *SA.session_factories, *SA.session_classes):
        class_ = _keyword(call, "class_")
        is_async = class_ is not None and (dotted_name(class_) or "").rsplit(".", 1)[-1] in SA.async_session_classes
    else:
        return None
    setting = _keyword(call, SA.expire_keyword)
    keeps = isinstance(setting, cst.Name) and setting.value == "False"
    return not keeps, is_async


def _session_sources(function: cst.FunctionDef) -> Iterator[cst.Call]:
    """Calls whose result the function hands out: ``with F() as s: yield s``, ``s = F(); return s``."""
    handed = {dotted_name(n.value) for n in descendants(function.body) if isinstance(n, (cst.Yield, cst.Return))
              and n.value is not None}
    handed.discard(None)
    for node in descendants(function.body):
        if isinstance(node, cst.With):
            for item in node.items:
                if item.asname is not None and dotted_name(item.asname.name) in handed \
                        and isinstance(item.item, cst.Call):
                    yield item.item
        elif isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) and any(
                dotted_name(t.target) in handed for t in node.targets):
            yield node.value
        elif isinstance(node, (cst.Yield, cst.Return)) and isinstance(node.value, cst.Call):
            yield node.value


def extract_session_factories(module: cst.Module, imports: ImportTable) -> tuple[SessionFactory, ...]:
    """Index facts: module-level session factories with their ``expire_on_commit``."""
    facts = []
    for stmt in module.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call):
                found = constructed_expiry(small.value, imports)
                targets = small.targets if isinstance(small, cst.Assign) else [small]
                for target in targets if found else ():
                    if isinstance(target.target, cst.Name):
                        facts.append(SessionFactory(target.target.value, is_async=found[1], expires=found[0]))
    return tuple(facts)


def extract_session_providers(module: cst.Module, module_name: str, imports: ImportTable,
                              factories: tuple[SessionFactory, ...]) -> tuple[SessionProvider, ...]:
    """Index facts: functions that hand out a session, with the factory that makes it."""
    local = {f.name for f in factories}
    facts = []
    for stmt in module.body:
        if not isinstance(stmt, cst.FunctionDef):
            continue
        for call in _session_sources(stmt):
            found = constructed_expiry(call, imports)
            if found is not None:
                facts.append(SessionProvider(stmt.name.value, expires=found[0]))
                break
            callee = dotted_name(call.func)
            qualified = imports.qualify(call.func) if callee else None
            if qualified is None and callee in local:
                qualified = f"{module_name}.{callee}" if module_name else callee
            if qualified is not None:
                facts.append(SessionProvider(stmt.name.value, factory=qualified))
                break
    return tuple(facts)


@derived_table
class SessionExpiry:
    """The project's session factories and providers, looked up by qualified name.

    Module names in the index are relative to the project root and imports to the import
    root, so a unique dotted suffix match counts (as for the other factory facts).
    """

    def __init__(self, index) -> None:
        self.factories: dict[str, set[SessionFactory]] = {}
        self.providers: dict[str, set[SessionProvider]] = {}
        self.async_settings: set[bool] = set()
        for facts in index.files.values():
            for factory in facts.session_factories:
                self._add(self.factories, facts.module, factory.name, factory)
                if factory.is_async:
                    self.async_settings.add(factory.expires)
            for provider in facts.session_providers:
                self._add(self.providers, facts.module, provider.function, provider)

    @staticmethod
    def _add(table: dict, module: str, name: str, value) -> None:
        for suffix in dotted_suffixes(f"{module}.{name}" if module else name, shortest=1):
            table.setdefault(suffix, set()).add(value)

    @staticmethod
    def _unique(table: dict, qualified: str):
        found = table.get(qualified)
        return next(iter(found)) if found and len(found) == 1 else None

    def factory(self, qualified: str) -> bool | None:
        """Whether sessions from this factory expire on commit (None: not a known factory)."""
        found = self._unique(self.factories, qualified)
        return None if found is None else found.expires

    def provider(self, qualified: str) -> bool | None:
        """Whether the session this function provides expires on commit (None: unknown)."""
        found = self._unique(self.providers, qualified)
        if found is None:
            return None
        return found.expires if not found.factory else self.factory(found.factory)

    def project_default(self) -> bool | None:
        """For a session of unknown origin: the project's async factories agree on one setting."""
        return next(iter(self.async_settings)) if len(self.async_settings) == 1 else None


def session_expiry(index) -> SessionExpiry:
    """The project's :class:`SessionExpiry`, built once per index."""
    return index.derived(SessionExpiry)
