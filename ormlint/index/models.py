"""Model classes of every ORM: extraction from one file, and the project-wide registry."""

from __future__ import annotations

from typing import Iterable

import libcst as cst

from ormlint.index.facts import ClassFact
from ormlint.names import ImportTable, dotted_name

# Base classes that make a class a model, by ORM (matched on the qualified name's package
# and last segment; project bases are resolved through the registry's closure).
ORM_ROOTS = {
    "django": ("django.db.models", ("Model",)),
    "sqlalchemy": ("sqlalchemy", ("DeclarativeBase", "DeclarativeBaseNoMeta", "Base", "Model")),
    "sqlmodel": ("sqlmodel", ("SQLModel",)),
    "peewee": ("peewee", ("Model",)),
    "tortoise": ("tortoise", ("Model",)),
    "pony": ("pony", ("Entity",)),
}


def extract_classes(path: str, module_name: str, module: cst.Module, imports: ImportTable) -> tuple[ClassFact, ...]:
    collector = _ClassCollector(path, module_name, imports)
    module.visit(collector)
    return tuple(collector.classes)


class _ClassCollector(cst.CSTVisitor):
    def __init__(self, path: str, module_name: str, imports: ImportTable) -> None:
        super().__init__()
        self.path = path
        self.module_name = module_name
        self.imports = imports
        self.classes: list[ClassFact] = []
        self.local_classes: set[str] = set()
        self.depth = 0

    def _qualify_base(self, expr: cst.BaseExpression) -> str:
        dotted = dotted_name(expr)
        if dotted is None:
            return ""
        qualified = self.imports.qualify_dotted(dotted)
        if qualified:
            return qualified
        return f"{self.module_name}.{dotted}" if self.module_name else dotted

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = tuple(b for b in (self._qualify_base(a.value) for a in node.bases) if b)
        keywords = tuple(
            (k.keyword.value, cst.Module([]).code_for_node(k.value)) for k in node.keywords if k.keyword
        )
        methods = tuple(
            (stmt.name.value, 0) for stmt in node.body.body if isinstance(stmt, cst.FunctionDef)
        )
        qualname = f"{self.module_name}.{node.name.value}" if self.module_name else node.name.value
        self.classes.append(ClassFact(node.name.value, qualname, self.path, 0, bases, keywords, methods=methods))


class ModelRegistry:
    """All classes of the project, with the ORM each model belongs to."""

    def __init__(self, classes: Iterable[ClassFact]) -> None:
        self.by_qualname: dict[str, ClassFact] = {}
        self.by_name: dict[str, list[ClassFact]] = {}
        for fact in classes:
            self.by_qualname[fact.qualname] = fact
            self.by_name.setdefault(fact.name, []).append(fact)
        self._orm: dict[str, str | None] = {}

    def resolve(self, ref: str) -> ClassFact | None:
        """A class by qualified name, or by its last segment when that is unambiguous."""
        if ref in self.by_qualname:
            return self.by_qualname[ref]
        candidates = self.by_name.get(ref.rsplit(".", 1)[-1], [])
        models = [c for c in candidates if self.orm_of(c)]
        if len(models) == 1:
            return models[0]
        return candidates[0] if len(candidates) == 1 else None

    def orm_of(self, fact: ClassFact, _seen: frozenset[str] = frozenset()) -> str | None:
        if fact.qualname in self._orm:
            return self._orm[fact.qualname]
        result = None
        for base in fact.bases:
            for orm, (package, names) in ORM_ROOTS.items():
                if (base == package or base.startswith(package + ".")) and base.rsplit(".", 1)[-1] in names:
                    result = orm
                    break
            if result is None and base not in _seen:
                parent = self.resolve(base)
                if parent is not None and parent.qualname not in _seen:
                    result = self.orm_of(parent, _seen | {fact.qualname})
            if result:
                break
        self._orm[fact.qualname] = result
        return result

    def models(self) -> list[ClassFact]:
        return [c for c in self.by_qualname.values() if self.orm_of(c)]
