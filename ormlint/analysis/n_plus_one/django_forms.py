"""Django model choice fields: a rendered form lists every row of the field's ``queryset`` as an
option labelled ``str(obj)``, so a ``__str__`` reading a relation loads it once per row (ORM101)."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from ormlint.analysis.n_plus_one.queries import TEXT_METHOD, Analyzer, Loop, ModuleInfo, Val
from ormlint.orms.django import DJANGO_EXTRAS
from ormlint.syntax.literals import keyword
from ormlint.syntax.walk import descendants

def choice_field_events(ctx, info: ModuleInfo, analysis) -> None:
    """Each ``ModelChoiceField(queryset=...)`` of the module: its options' ``str(obj)`` per row."""
    analyzer = None
    for node in descendants(ctx.module):
        if not isinstance(node, cst.Call) or not DJANGO_EXTRAS.choice_fields.matches(ctx.imports.qualify(node.func)):
            continue
        queryset = keyword(node, "queryset")
        analyzer = analyzer or Analyzer(ctx, info, analysis)
        rows = analyzer.infer(queryset, {}) if queryset is not None else None
        if not isinstance(rows, Val) or not rows.many or rows.stmt or rows.rows:
            continue
        name = ctx.imports.qualify(node.func).rsplit(".", 1)[-1]
        loop = Loop(node, f"option of the `{name}` (a rendered form labels each of its rows with `str(obj)`)",
                    frozenset(), per_object=True)
        analyzer.framework_member_read(node, replace(rows, many=False, loop=node, relation=None, receiver=None),
                                       TEXT_METHOD, [loop])
