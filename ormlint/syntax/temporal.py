"""Dates and times as code writes them: their text (``str()``, ``isoformat()``, ``strftime()`` of a format
without quotes) is digits, separators and names, never a quote."""

from __future__ import annotations

import libcst as cst

from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import scope_nodes

# Constructors and the methods only dates and times have, and the fields ``replace()`` takes from a date or
# time (``str.replace`` takes no keywords).
TEMPORAL_CALLS = frozenset({"datetime", "date", "timedelta", "relativedelta", "combine", "fromtimestamp",
                            "utcfromtimestamp", "astimezone", "localtime", "make_aware", "now", "utcnow", "today",
                            "fromisoformat", "strptime"})
TEMPORAL_TEXT = frozenset({"isoformat", "strftime", "ctime"})
TEMPORAL_FIELDS = frozenset({"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"})
# Parsers of ISO 8601 and free-form dates, by qualified name: they return a date or raise.
DATE_PARSERS = frozenset({"iso8601.parse_date", "dateutil.parser.parse", "dateutil.parser.isoparse"})
_DEPTH = 4


def makes_date(call: cst.Call, callee: str) -> bool:
    """A date or time's constructor or method (``datetime(...)``, ``now()``), or ``replace()`` of its fields only;
    ``callee``: the name the call is read by."""
    return callee in TEMPORAL_CALLS or callee == "replace" and bool(call.args) and all(
        a.keyword is not None and a.keyword.value in TEMPORAL_FIELDS for a in call.args)


def returns_dates(function: cst.FunctionDef, imports: ImportTable) -> bool:
    """Whether every ``return`` of ``function`` hands out a date or time (``datetime.now()``,
    ``parse(value)`` of dateutil, ``n.replace(microsecond=0)`` with ``n = datetime.now()``)."""
    returns = [n.value for n in scope_nodes(function.body) if isinstance(n, cst.Return)]
    bound: dict[str, list[cst.BaseExpression]] = {}
    for node in scope_nodes(function.body):
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            bound.setdefault(node.targets[0].target.value, []).append(node.value)
    return bool(returns) and all(v is not None and _temporal(v, bound, imports, 0) for v in returns)


def _temporal(expr: cst.BaseExpression, bound: dict, imports: ImportTable, depth: int) -> bool:
    if depth > _DEPTH:
        return False
    if isinstance(expr, cst.Call):
        return makes_date(expr, (dotted_name(expr.func) or "").rsplit(".", 1)[-1]) \
            or imports.qualify(expr.func) in DATE_PARSERS
    if isinstance(expr, cst.IfExp):
        return _temporal(expr.body, bound, imports, depth + 1) and _temporal(expr.orelse, bound, imports, depth + 1)
    if isinstance(expr, cst.Name):
        values = bound.get(expr.value, [])
        return bool(values) and all(_temporal(v, bound, imports, depth + 1) for v in values)
    return isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Subtract)) and (
        _temporal(expr.left, bound, imports, depth + 1) or _temporal(expr.right, bound, imports, depth + 1))
