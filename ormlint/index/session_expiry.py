"""Whether a SQLAlchemy session expires its objects on commit (``expire_on_commit``).

After ``commit()`` a session with the default ``expire_on_commit=True`` expires every
attribute of every object it holds; the next read refreshes the row. Under asyncio that
refresh is implicit IO and raises ``MissingGreenlet`` (ORM103). The setting lives where
the session is made, usually another module, so the index pass records it:

- ``("expiry:<async|sync>:<expires|keeps>", name)``: a module-level ``sessionmaker``/
  ``async_sessionmaker`` bound to ``name``;
- ``("provider:<factory>", name)``: a function that yields or returns a session made by
  ``<factory>`` (a qualified factory name, or ``expires``/``keeps`` for a session class
  constructed in place), as FastAPI's ``Depends(get_session)`` providers do.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from ormlint.syntax.literals import keyword as _keyword
from ormlint.syntax.names import ImportTable, dotted_name, dotted_suffixes, is_from
from ormlint.syntax.walk import descendants

EXPIRY, PROVIDER = "expiry:", "provider:"
EXPIRES, KEEPS = "expires", "keeps"




def constructed_expiry(call: cst.Call, imports: ImportTable) -> tuple[str, bool] | None:
    """``(expires|keeps, is_async)`` for a ``sessionmaker(...)``/``async_sessionmaker(...)`` or a
    session class constructed in place (``AsyncSession(engine, expire_on_commit=False)``)."""
    qualified = imports.qualify(call.func)
    if is_from(qualified, "sqlalchemy", "async_sessionmaker", "AsyncSession") or is_from(
            qualified, "sqlmodel", "AsyncSession"):
        is_async = True
    elif is_from(qualified, "sqlalchemy", "sessionmaker", "Session") or is_from(qualified, "sqlmodel", "Session"):
        class_ = _keyword(call, "class_")
        is_async = class_ is not None and (dotted_name(class_) or "").rsplit(".", 1)[-1] == "AsyncSession"
    else:
        return None
    setting = _keyword(call, "expire_on_commit")
    keeps = isinstance(setting, cst.Name) and setting.value == "False"
    return (KEEPS if keeps else EXPIRES), is_async


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


def extract_expiry_facts(module: cst.Module, module_name: str, imports: ImportTable) -> tuple[tuple[str, str], ...]:
    """Index facts: session factories with their ``expire_on_commit``, and session providers."""
    facts = []
    factories: dict[str, str] = {}
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call):
                    found = constructed_expiry(small.value, imports)
                    targets = small.targets if isinstance(small, cst.Assign) else [small]
                    for target in targets if found else ():
                        name = target.target
                        if isinstance(name, cst.Name):
                            facts.append((f"{EXPIRY}{'async' if found[1] else 'sync'}:{found[0]}", name.value))
                            factories[name.value] = found[0]
    for stmt in module.body:
        if isinstance(stmt, cst.FunctionDef):
            for call in _session_sources(stmt):
                found = constructed_expiry(call, imports)
                if found is not None:
                    source = found[0]
                else:
                    callee = dotted_name(call.func)
                    qualified = imports.qualify(call.func) if callee else None
                    if qualified is None and callee in factories:
                        qualified = f"{module_name}.{callee}" if module_name else callee
                    if qualified is None:
                        continue
                    source = qualified
                facts.append((PROVIDER + source, stmt.name.value))
                break
    return tuple(facts)


class SessionExpiry:
    """The project's session factories and providers, looked up by qualified name.

    Module names in the index are relative to the project root and imports to the import
    root, so a unique dotted suffix match counts (as for the other factory facts).
    """

    def __init__(self, index) -> None:
        self.factories: dict[str, set[tuple[str, bool]]] = {}
        self.providers: dict[str, set[str]] = {}
        self.async_settings: set[str] = set()
        for facts in index.files.values():
            for kind, name in facts.extra:
                if kind.startswith(EXPIRY):
                    flavour, setting = kind[len(EXPIRY):].split(":")
                    self._add(self.factories, facts.module, name, (setting, flavour == "async"))
                    if flavour == "async":
                        self.async_settings.add(setting)
                elif kind.startswith(PROVIDER):
                    self._add(self.providers, facts.module, name, kind[len(PROVIDER):])

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
        return None if found is None else found[0] == EXPIRES

    def provider(self, qualified: str) -> bool | None:
        """Whether the session this function provides expires on commit (None: unknown)."""
        source = self._unique(self.providers, qualified)
        if source in (EXPIRES, KEEPS):
            return source == EXPIRES
        return self.factory(source) if source else None

    def project_default(self) -> bool | None:
        """For a session of unknown origin: the project's async factories agree on one setting."""
        return (next(iter(self.async_settings)) == EXPIRES) if len(self.async_settings) == 1 else None


def session_expiry(index) -> SessionExpiry:
    """The project's :class:`SessionExpiry`, built once per index."""
    return index.derived(SessionExpiry)
