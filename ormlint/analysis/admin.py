"""Django model admins of a module: which models each is registered for, and its actions."""

from __future__ import annotations

import libcst as cst

from ormlint.orms.django import DJANGO_EXTRAS
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import dotted_name

_REGISTER = DJANGO_EXTRAS.admin_register


def _registers(call: cst.BaseExpression) -> bool:
    return isinstance(call, cst.Call) and (dotted_name(call.func) or "").rsplit(".", 1)[-1] == _REGISTER \
        and bool(call.args)


def _models(arg: cst.BaseExpression) -> list[cst.BaseExpression]:
    return [e.value for e in arg.elements] if isinstance(arg, (cst.List, cst.Tuple)) else [arg]


def admin_registrations(module: cst.Module) -> dict[str, list[cst.BaseExpression]]:
    """Admin class name → the model expressions it is registered for: ``@admin.register(Book, Ebook)``
    on the class, or ``admin.site.register(Book, BookAdmin)`` in the module."""
    found: dict[str, list[cst.BaseExpression]] = {}
    for stmt in module.body:
        if isinstance(stmt, cst.ClassDef):
            for decorator in stmt.decorators:
                if _registers(decorator.decorator):
                    models = [m for a in decorator.decorator.args if a.keyword is None for m in _models(a.value)]
                    found.setdefault(stmt.name.value, []).extend(models)
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            call = small.value if isinstance(small, cst.Expr) else None
            if _registers(call) and len(call.args) >= 2 and isinstance(call.args[1].value, cst.Name):
                found.setdefault(call.args[1].value.value, []).extend(_models(call.args[0].value))
    return found


def admin_action_names(admin: cst.ClassDef) -> list[str]:
    """Functions and methods an admin class lists in ``actions = [...]`` (names or strings)."""
    names: list[str] = []
    for line in admin.body.body if isinstance(admin.body, cst.IndentedBlock) else ():
        for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
            if (isinstance(small, cst.Assign) and len(small.targets) == 1
                    and dotted_name(small.targets[0].target) == DJANGO_EXTRAS.admin_actions
                    and isinstance(small.value, (cst.List, cst.Tuple))):
                names += [string_value(e.value) or dotted_name(e.value) or "" for e in small.value.elements]
    return [n for n in names if n]
