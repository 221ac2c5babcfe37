"""Django model choice fields: a rendered form lists every row of the field's ``queryset`` as an
option labelled ``str(obj)``, so a ``__str__`` reading a relation loads it once per row (ORM101)."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from ormlint.analysis.n_plus_one.queries import TEXT_METHOD, Analyzer, Loop, ModuleInfo, Val
from ormlint.orms.django import DJANGO_EXTRAS
from ormlint.syntax.literals import body_statements, keyword, string_value
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants


def choice_field_events(ctx, info: ModuleInfo, analysis) -> None:
    """Each ``ModelChoiceField(queryset=...)`` of the module whose options a form renders: their
    ``str(obj)`` per row. Not a field with a hidden widget, nor a class field that the form's
    ``__init__`` replaces (``self.fields["x"] = ...``)."""
    if not any(name in ctx.source for name in DJANGO_EXTRAS.choice_fields.names):
        return  # every way of naming one spells it (an alias is imported by its name)
    analyzer = None
    for node in _fields(ctx.module):
        if not DJANGO_EXTRAS.choice_fields.matches(ctx.imports.qualify(node.func)) \
                or DJANGO_EXTRAS.hidden_widgets.matches(ctx.imports.qualify(_widget(keyword(node, "widget")))):
            continue
        queryset = keyword(node, "queryset")
        analyzer = analyzer or Analyzer(ctx, info, analysis)
        rows = analyzer.infer(queryset, {}) if queryset is not None else None
        if not isinstance(rows, Val) or not rows.many or rows.stmt or rows.rows or rows.empty:
            continue
        field = ctx.imports.qualify(node.func).rsplit(".", 1)[-1]
        loop = Loop(node, f"option of the `{field}` (a rendered form labels each of its rows with `str(obj)`)",
                    frozenset(), per_object=True)
        analyzer.framework_member_read(node, replace(rows, many=False, loop=node, relation=None, receiver=None),
                                       TEXT_METHOD, [loop])


def _fields(module: cst.Module) -> list[cst.Call]:
    """Every call of the module but the class-level fields a class's ``__init__`` replaces, or gives
    another queryset: ``self.fields["x"] = ...``, ``self.fields["x"].queryset = ...``."""
    skipped: set[int] = set()
    for cls in (n for n in descendants(module) if isinstance(n, cst.ClassDef)):
        replaced = {_field_name(t.target) for t in descendants(cls.body) if isinstance(t, cst.AssignTarget)}
        for line in body_statements(cls):
            for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) and any(
                        isinstance(t.target, cst.Name) and t.target.value in replaced for t in small.targets):
                    skipped.add(id(small.value))
    return [n for n in descendants(module) if isinstance(n, cst.Call) and id(n) not in skipped]


def _field_name(target: cst.BaseExpression) -> str | None:
    """``x`` of ``self.fields["x"]`` or ``self.fields["x"].queryset`` as an assignment target."""
    if isinstance(target, cst.Attribute) and target.attr.value == "queryset":
        target = target.value
    if isinstance(target, cst.Subscript) and dotted_name(target.value) == "self.fields" and len(target.slice) == 1 \
            and isinstance(target.slice[0].slice, cst.Index):
        return string_value(target.slice[0].slice.value)
    return None


def _widget(widget: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """The widget class of ``widget=forms.HiddenInput`` or ``widget=forms.HiddenInput(...)``."""
    return widget.func if isinstance(widget, cst.Call) else widget
