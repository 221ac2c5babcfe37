"""Every N+1 event of a module: its functions, then the code that runs once per object.

Functions are analysed with :class:`ormlint.analysis.n_plus_one.queries.Analyzer`; DRF serializers, admin
changelist columns and the options of model choice fields, which their frameworks produce once per object, follow. The three
N+1 rules read the same :class:`~ormlint.analysis.n_plus_one.queries.Analysis`, computed once per module.
"""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.n_plus_one.django_admin import admin_events
from ormlint.analysis.n_plus_one.django_forms import choice_field_events
from ormlint.analysis.n_plus_one.drf import serializer_events
from ormlint.analysis.n_plus_one.queries import Analysis, Analyzer, ModuleInfo
from ormlint.analysis.n_plus_one.raw import RUNS_ONE
from ormlint.orms import orm_packages
from ormlint.orms.dbapi import DRIVER_MODULES
from ormlint.syntax.walk import visit as walk_visit


class _FunctionFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.functions: list[tuple[cst.FunctionDef, cst.ClassDef | None]] = []
        self.classes: list[cst.ClassDef] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append((node, self.classes[-1] if self.classes else None))


_CACHE: list[tuple[cst.Module, int, Analysis]] = []


def analyse(ctx) -> Analysis:
    """Every N+1 event of the file (computed once per module and index)."""
    for module, index_id, result in _CACHE:
        if module is ctx.module and index_id == id(ctx.index):
            return result
    analysis = Analysis()
    if ctx.index.models.models() or ctx.imports.imports_from(*DRIVER_MODULES, *orm_packages()) \
            or any(method in ctx.source for method in RUNS_ONE):  # SQL run through a driver, models or not
        info = ModuleInfo(ctx.module)
        finder = _FunctionFinder()
        walk_visit(ctx.module, finder)
        for func, cls in finder.functions:
            analyzer = Analyzer(ctx, info, analysis, cls)
            analyzer.walk_function(func, analyzer.known_instances(func, cls))
        serializer_events(ctx, info, analysis)
        admin_events(ctx, info, analysis)
        choice_field_events(ctx, info, analysis)
        Analyzer(ctx, info, analysis).block(
            cst.IndentedBlock(body=[s for s in ctx.module.body if not isinstance(s, (cst.FunctionDef, cst.ClassDef))]),
            {}, [])
    _CACHE[:] = [(ctx.module, id(ctx.index), analysis)]
    return analysis
