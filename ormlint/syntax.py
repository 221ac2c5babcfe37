"""Small readers of literal syntax shared by the index and the rules."""

from __future__ import annotations

import libcst as cst


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain (non-f) string literal or implicit concatenation, else None."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def positional(call: cst.Call) -> list[cst.BaseExpression]:
    """The values of a call's positional arguments (not ``*args``)."""
    return [a.value for a in call.args if a.keyword is None and not a.star]


def keyword(call: cst.Call | None, name: str) -> cst.BaseExpression | None:
    """The value of keyword argument ``name``, else None."""
    if call is None:
        return None
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == name), None)
