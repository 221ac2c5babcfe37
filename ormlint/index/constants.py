"""Module constants: literal collections (``KIND_ACTIVITY = {"video": "watch", ...}``) bound once at module level
and never changed (a loop over one, in whichever module imports it, iterates what the code wrote, a handful of
items, not rows), names bound once to a plain literal, and SQL templates."""

from __future__ import annotations

import re
from typing import Callable

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.syntax.literals import GROWING_METHODS, is_literal_collection, is_literal_constant, string_value
from ormlint.syntax.names import assigned_targets, dotted_name, dotted_suffixes, target_names
from ormlint.syntax.walk import child_statements, descendants

# text of a module binding a name to a collection literal, a plain string literal, or a SQL template
HINTS = ("= {", "= [", "= (", "={", "=[", "=(", "= '", '= "', "SELECT ", "INSERT ", "UPDATE ", "DELETE ")
_SQL_TEMPLATE = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b.*[{%]", re.IGNORECASE | re.DOTALL)


def extract_literal_collections(module: cst.Module, module_name: str) -> tuple[str, ...]:
    """Qualified names the module binds once, at module level, to a list, tuple, set or dict literal
    (:func:`~ormlint.syntax.literals.is_literal_collection`),
    and that no code of the module grows, assigns into, deletes from or rebinds (``global``)."""
    prefix = f"{module_name}." if module_name else ""
    return tuple(prefix + name for name in sorted(bound_once(module, is_literal_collection)))


def extract_literal_names(module: cst.Module, module_name: str) -> tuple[str, ...]:
    """Qualified names the module binds once, at module level, to a plain string or number literal, never
    changed (``external_attendee_org = 'Externe Kursteilnehmer'``): a module importing one pastes that text."""
    prefix = f"{module_name}." if module_name else ""
    return tuple(prefix + name for name in sorted(bound_once(
        module, lambda value: is_literal_constant(value) and not isinstance(value, cst.Name))))


def extract_sql_templates(module: cst.Module, module_name: str) -> tuple[tuple[str, str], ...]:
    """(qualified name, text) of the SQL templates the module binds once, at module level, to a plain string
    (``USER_BY_NAME = "SELECT ... WHERE name = '{name}'"``): a module importing one and filling it with
    ``.format()`` or ``%`` builds its SQL from this text."""
    prefix = f"{module_name}." if module_name else ""
    found = bound_once(module, lambda value: _SQL_TEMPLATE.match(string_value(value) or "") is not None)
    return tuple((prefix + name, string_value(value) or "") for name, value in sorted(found.items()))


def bound_once(module: cst.Module, accepts: Callable[[cst.BaseExpression], bool]) -> dict[str, cst.BaseExpression]:
    """The names the module binds once, at module level, to a value ``accepts``, that no code of the module
    changes in place or rebinds (``global``); with that value."""
    bindings: dict[str, int] = {}
    values: dict[str, cst.BaseExpression] = {}
    for statement in _module_level(module):
        for name in _bound(statement):
            bindings[name] = bindings.get(name, 0) + 1
        if isinstance(statement, (cst.Assign, cst.AnnAssign)) and statement.value is not None \
                and accepts(statement.value):
            values.update((t.value, statement.value) for t in assigned_targets(statement) if isinstance(t, cst.Name))
    values = {name: value for name, value in values.items() if bindings[name] == 1}
    for name in _changed(module, set(values)) if values else ():
        del values[name]
    return values


def _module_level(module: cst.Module):
    """The statements run at module level, in blocks too (``if``, ``try``), not in functions or classes."""
    stack = list(reversed(module.body))
    while stack:
        statement = stack.pop()
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            yield statement
        else:
            yield statement
            stack.extend(reversed(list(child_statements(statement))))


def _bound(statement: cst.CSTNode) -> list[str]:
    """The module-level names a statement binds."""
    if isinstance(statement, cst.Assign):
        return [n for t in statement.targets for n in target_names(t.target)]
    if isinstance(statement, (cst.AnnAssign, cst.AugAssign, cst.For)):
        return list(target_names(statement.target))
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return [statement.name.value]
    if isinstance(statement, (cst.Import, cst.ImportFrom)) and not isinstance(statement.names, cst.ImportStar):
        return [(a.asname.name.value if a.asname and isinstance(a.asname.name, cst.Name)
                 else (dotted_name(a.name) or "").split(".")[0]) for a in statement.names]
    if isinstance(statement, cst.With):
        return [n for item in statement.items if item.asname for n in target_names(item.asname.name)]
    return []


def _changed(module: cst.Module, names: set[str]) -> set[str]:
    """Those of ``names`` some code of the module changes in place or rebinds through ``global``."""
    changed: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and isinstance(node.func.value, cst.Name) and node.func.attr.value in GROWING_METHODS:
            changed.add(node.func.value.value)
        elif isinstance(node, (cst.AssignTarget, cst.Del)):
            target = node.target
            if isinstance(target, (cst.Subscript, cst.Attribute)) and isinstance(target.value, cst.Name):
                changed.add(target.value.value)  # KINDS["x"] = ..., del KINDS["x"]
        elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Subscript) \
                and isinstance(node.target.value, cst.Name):
            changed.add(node.target.value.value)
        elif isinstance(node, cst.Global):
            changed.update(n.name.value for n in node.names)
    return changed & names


@derived_table
class LiteralCollections:
    """The project's module constants that are literal collections, by every dotted suffix of their
    name (imports name them from the import root, the index from the project root)."""

    def __init__(self, index) -> None:
        self.names = frozenset(suffix for facts in index.files.values() for name in facts.literal_collections
                               for suffix in dotted_suffixes(name))


@derived_table
class LiteralNames:
    """The project's module-level names bound once to a plain literal (:func:`extract_literal_names`), by every
    dotted suffix of their name with a module part."""

    def __init__(self, index) -> None:
        self.names = frozenset(suffix for facts in index.files.values() for name in facts.literal_names
                               for suffix in dotted_suffixes(name, 2))

    def holds(self, qualified: str) -> bool:
        return qualified in self.names


@derived_table
class SqlTemplates:
    """The project's module-level SQL templates (:func:`extract_sql_templates`) by every dotted suffix of their
    name with a module part; a suffix two modules share names none."""

    def __init__(self, index) -> None:
        found: dict[str, set[str]] = {}
        for facts in index.files.values():
            for name, text in facts.sql_templates:
                for suffix in dotted_suffixes(name, 2):
                    found.setdefault(suffix, set()).add(text)
        self.texts = {suffix: texts.pop() for suffix, texts in found.items() if len(texts) == 1}

    def text(self, qualified: str) -> str | None:
        return self.texts.get(qualified)
