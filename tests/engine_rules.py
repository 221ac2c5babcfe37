"""Small rules used only by the engine's tests (not registered: they live outside ormlint.rules)."""

import libcst as cst

from ormlint.api import CstFix, ImportSpec, Rule
from ormlint.syntax.names import is_from


class FloatCallRule(Rule):
    """Reports ``models.FloatField(...)``; its unsafe fix swaps in DecimalField and imports Decimal."""

    code = "ORM990"
    name = "test-float-call"
    family = "schema"
    orms = ("django",)
    prefilter = ("FloatField",)

    def visit_Call(self, node: cst.Call) -> None:
        if is_from(self.qualify(node.func), "django", "FloatField"):
            new = node.with_changes(func=node.func.with_changes(attr=cst.Name("DecimalField")))
            fix = CstFix("unsafe", "use DecimalField", [(node, new)], [ImportSpec("decimal", "Decimal")])
            self.report(node, "float column", fix=fix)


class CreateAllRule(Rule):
    """Reports ``*.create_all()``; skipped in tests; safe fix renames it (a test-only behaviour)."""

    code = "ORM991"
    name = "test-create-all"
    family = "schema"
    orms = ("sqlalchemy",)
    prefilter = ("create_all",)
    skip_roles = frozenset({"test"})

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "create_all":
            new = node.with_changes(func=node.func.with_changes(attr=cst.Name("checked_create_all")))
            self.report(node, "create_all", fix=CstFix("safe", "rename", [(node, new)]))


class BrokenFixRule(Rule):
    """A rule whose fix produces invalid code: the engine must refuse it."""

    code = "ORM992"
    name = "test-broken-fix"
    family = "schema"
    orms = ("sqlalchemy",)
    prefilter = ("breakme",)

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "breakme":
            self.report(node, "broken", fix=CstFix("safe", "break", [(node, cst.Name("import"))]))


class LoopDepthRule(Rule):
    """Reports names inside loops, using the shared ancestors stack; skips nested functions."""

    code = "ORM993"
    name = "test-loop-depth"
    family = "queries"
    orms = ("django",)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node.name.value != "skipped"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "target" and self.enclosing(cst.For, cst.While):
            self.report(node, "in loop")


class ModelManagerRule(Rule):
    """Reports ``X.objects`` when the index knows X as a Django model (in any file)."""

    code = "ORM994"
    name = "test-model-manager"
    family = "queries"
    orms = ("django",)
    prefilter = (".objects",)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "objects" and isinstance(node.value, cst.Name):
            model = self.ctx.index.models.resolve(node.value.value)
            if model is not None and self.ctx.index.models.orm_of(model) == "django":
                self.report(node, f"{model.qualname} manager")


class SegfaultRule(Rule):
    """Kills its process with a real segmentation fault on a call to ``crash_here()``: a stand-in
    for whatever may still bring a worker down."""

    code = "ORM995"
    name = "test-segfault"
    family = "schema"
    orms = ("django",)
    prefilter = ("crash_here",)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "crash_here":
            import ctypes

            ctypes.string_at(0)
