"""Cheap name resolution through a module's imports.

LibCST's QualifiedNameProvider is exact but slow (it needs full scope analysis);
most rules only need to know that ``sa.Column`` means ``sqlalchemy.Column`` or that
``m.FloatField`` means ``django.db.models.FloatField``. An :class:`ImportTable` maps
every name bound by an import statement anywhere in the module to the dotted name it
refers to; rules that need exact scoping ask the file context for metadata instead.

Star imports (``from peewee import *`` is Peewee's documented style) resolve a bare name
when the caller says what the star-imported module exports (its ``__all__``): the name
must not be bound by the module itself, and the last star import that can provide it must
be one whose exports are known (a later unknown star import could rebind it).
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from typing import TypeVar

import libcst as cst

from ormlint.syntax.walk import statements

T = TypeVar("T")


def module_name_for(path: str) -> str:
    """Dotted module name for a repo-relative path (``shop/models.py`` → ``shop.models``)."""
    parts = list(PurePath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(p for p in parts if p not in ("", ".", ".."))


def dotted_name(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None (a loop: chains can be thousands long)."""
    parts = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    if type(node) is not cst.Name:
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def decorated_with(function: cst.FunctionDef, *names: str) -> bool:
    """Whether one of ``function``'s decorators is written as one of ``names`` (``staticmethod``)."""
    return any(dotted_name(d.decorator) in names for d in function.decorators)


def annotated_type(annotation: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """The type an annotation names, unwrapped: ``Session`` for ``Optional[Session]``,
    ``Annotated[Session, Depends()]``, ``Session | None`` and ``"Session"``."""
    if isinstance(annotation, cst.Subscript):
        first = annotation.slice[0].slice
        return annotated_type(first.value) if isinstance(first, cst.Index) else None
    if isinstance(annotation, cst.BinaryOperation):
        return annotated_type(annotation.left)
    if isinstance(annotation, cst.SimpleString):
        return string_annotation(annotation)
    return annotation


def string_annotation(annotation: cst.SimpleString) -> cst.BaseExpression | None:
    """The dotted name a string annotation holds (``"Session"``, ``"orm.Session"``); None for any
    other text (``Literal["async"]`` holds a keyword, not a name)."""
    text = annotation.evaluated_value if isinstance(annotation.evaluated_value, str) else ""
    parts = text.split(".")
    if not all(part.isidentifier() and not keyword.iskeyword(part) for part in parts):
        return None
    return cst.parse_expression(text)


def _import_target(node: cst.BaseExpression) -> str:
    return dotted_name(node) or ""


class ImportTable:
    """Local name → fully qualified dotted name, for every import in a module."""

    def __init__(self, aliases: dict[str, str], module_name: str = "", star_modules: tuple[str, ...] = (),
                 exports: Mapping[str, frozenset[str]] | None = None, bound: frozenset[str] = frozenset()) -> None:
        self.aliases = aliases
        self.module_name = module_name
        self.star_modules = star_modules  # modules star-imported at module level, in order
        self.exports = exports or {}  # what ``from <module> import *`` binds, where known
        self.bound = bound  # names the module binds itself (classes, functions, assignments)

    @classmethod
    def from_module(cls, module: cst.Module, module_name: str = "", is_package: bool = False,
                    exports: Mapping[str, frozenset[str]] | None = None) -> "ImportTable":
        """The module's imports; ``exports`` (module → names) lets star imports of those modules resolve."""
        collector = _ImportCollector(module_name, is_package)
        for statement in statements(module):
            if isinstance(statement, cst.Import):
                collector.visit_Import(statement)
            elif isinstance(statement, cst.ImportFrom):
                collector.visit_ImportFrom(statement)
        bound = _module_bindings(module) if collector.star_modules else frozenset()
        return cls(collector.aliases, module_name, tuple(collector.star_modules), exports, bound)

    def qualify(self, node: cst.CSTNode | None) -> str | None:
        """The qualified name of a Name/Attribute whose first segment was imported."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        return self.qualify_dotted(dotted)

    def qualify_dotted(self, dotted: str) -> str | None:
        head, _, rest = dotted.partition(".")
        target = self.aliases.get(head) or self._star_target(head)
        if target is None:
            return None
        return f"{target}.{rest}" if rest else target

    def _star_target(self, name: str) -> str | None:
        if not self.star_modules or name in self.bound:
            return None
        for module in reversed(self.star_modules):
            names = self.exports.get(module)
            if names is None:
                return None  # an unknown module's star import may bind it
            if name in names:
                return f"{module}.{name}"
        return None

    def imports_from(self, *packages: str) -> bool:
        """Whether the module imports anything (or everything) from one of these top-level packages."""
        return any(_in_package(target, packages) for target in (*self.aliases.values(), *self.star_modules))


def _in_package(qualified: str, packages: tuple[str, ...]) -> bool:
    return any(qualified == p or qualified.startswith(p + ".") for p in packages)


def is_from(qualified: str | None, package: str, *names: str) -> bool:
    """``qualified`` lives in ``package`` (any submodule) and its last segment is one of ``names``.

    Libraries re-export the same object under many paths (``sqlalchemy.Column``,
    ``sqlalchemy.schema.Column``, ``sqlalchemy.sql.schema.Column``); this matches them all.
    """
    if not qualified:
        return False
    if not (qualified == package or qualified.startswith(package + ".")):
        return False
    return not names or qualified.rsplit(".", 1)[-1] in names


class _ImportCollector:
    def __init__(self, module_name: str, is_package: bool) -> None:
        self.aliases: dict[str, str] = {}
        self.star_modules: list[str] = []
        parts = module_name.split(".") if module_name else []
        self.package_parts = parts if is_package else parts[:-1]

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            target = _import_target(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.aliases[alias.asname.name.value] = target
            else:
                head = target.split(".", 1)[0]
                self.aliases[head] = head

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = _import_target(node.module) if node.module is not None else ""
        if node.relative:
            depth = len(node.relative)
            anchor = self.package_parts[: len(self.package_parts) - (depth - 1)] if depth > 1 else self.package_parts
            base = ".".join([*anchor, base] if base else anchor)
        if isinstance(node.names, cst.ImportStar):
            self.star_modules.append(base)
            return
        for alias in node.names:
            name = _import_target(alias.name)
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.aliases[local] = f"{base}.{name}" if base else name


def _module_bindings(module: cst.Module) -> frozenset[str]:
    """Names the module's top-level code binds itself: classes, functions, assignment targets."""
    bound: set[str] = set()
    for stmt in module.body:
        if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)):
            bound.add(stmt.name.value)
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else (
                [small.target] if isinstance(small, (cst.AnnAssign, cst.AugAssign)) else [])
            bound.update(n.value for t in targets for n in _target_names(t))
    return frozenset(bound)


def value_bound_once(node: cst.BaseExpression | None, function: cst.FunctionDef | None,
                     module: cst.Module) -> cst.BaseExpression | None:
    """What a name stands for when the function, else the module, assigns it once among its own top-level
    statements (``DETAIL = [...]``; ``sql = "ALTER ..."``); the node itself when it is no name, None when the
    name is bound otherwise or more than once."""
    if not isinstance(node, cst.Name):
        return node
    own = function.body.body if function is not None and isinstance(function.body, cst.IndentedBlock) else ()
    for scope in (own, module.body):
        values = [small.value for line in scope if isinstance(line, cst.SimpleStatementLine) for small in line.body
                  if isinstance(small, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == node.value
                                                           for t in small.targets)]
        if values:
            return values[0] if len(values) == 1 else None
    return None


def assigned_targets(node: cst.Assign | cst.AugAssign | cst.AnnAssign) -> list[cst.BaseExpression]:
    """What an assignment assigns to: every target of ``a = b = v``, the one of ``a += v`` or ``a: int = v``."""
    return [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]


def mapping_of_keys(expr: cst.BaseExpression) -> cst.BaseExpression:
    """``cache`` for ``cache.keys()`` (a key is in the one as in the other); any other expression as it is."""
    if isinstance(expr, cst.Call) and not expr.args and isinstance(expr.func, cst.Attribute) \
            and expr.func.attr.value == "keys":
        return expr.func.value
    return expr


def _target_names(target: cst.BaseExpression) -> list[cst.Name]:
    """The name nodes a binding target binds (``a``, ``a, *b``; ``obj.x`` and ``rows[i]`` bind none)."""
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _target_names(e.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def target_names(target: cst.CSTNode) -> set[str]:
    """The names a binding target binds."""
    return {name.value for name in _target_names(target)}


def dotted_suffixes(qualified: str, shortest: int = 2) -> list[str]:
    """``a.b.c``, ``b.c`` (and ``c`` with ``shortest=1``): how other modules may name ``qualified``.

    Module names in the index are relative to the project root, imports to the import root
    (``blog.db`` vs ``src.blog.db``), so project-wide lookups match on a unique suffix.
    """
    parts = qualified.split(".")
    return [".".join(parts[start:]) for start in range(len(parts) - shortest + 1)]


def reexported(table: dict[str, list[T]], qualified: str, name_of: Callable[[T], str]) -> list[T]:
    """Facts of ``table`` (:func:`by_dotted_suffix`) for ``qualified`` as a package names what one of its modules
    defines (``lms.services.RosterService.last_updated`` when ``lms/services/__init__.py`` imports RosterService
    from ``lms/services/roster.py``): those under the longest tail of the name whose full name holds the rest."""
    parts = qualified.split(".")
    for cut in range(len(parts) - 2, 0, -1):
        package = "." + ".".join(parts[:cut]) + "."
        found = [f for f in table.get(".".join(parts[cut:]), []) if package in "." + name_of(f)]
        if found:
            return found
    return []


def by_dotted_suffix(facts: Iterable[T], name_of: Callable[[T], str]) -> dict[str, list[T]]:
    """``facts`` under every :func:`dotted_suffixes` of their names."""
    table: dict[str, list[T]] = {}
    for fact in facts:
        for suffix in dotted_suffixes(name_of(fact)):
            table.setdefault(suffix, []).append(fact)
    return table
