"""Small readers of literal syntax shared by the index and the rules."""

from __future__ import annotations

import libcst as cst

from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants


# Methods that add to a collection in place (``rows.append(row)``): a name they are called on holds more
# than what it was bound to.
GROWING_METHODS = frozenset({"append", "appendleft", "extend", "insert", "add", "update", "setdefault"})


def is_literal_collection(value: cst.CSTNode | None) -> bool:
    """A list, tuple, set or dict written out in the code, element by element (``[*rows]`` is not)."""
    return isinstance(value, (cst.List, cst.Tuple, cst.Set, cst.Dict)) and not any(
        isinstance(e, (cst.StarredElement, cst.StarredDictElement)) for e in value.elements)


def is_literal_constant(node: cst.CSTNode | None) -> bool:
    """A string (not an f-string), a number, ``True``/``False``/``None`` written out in the code."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    return string_value(node, bytes_too=True) is not None


def one_name_and_literals(value: cst.BaseExpression) -> str | None:
    """The parameter a value is made of with string literals only: ``name``, ``name + "_TMP"``,
    ``f"{name}_tmp"``; None for anything else."""
    if isinstance(value, cst.Name):
        return value.value
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        left, right = one_name_and_literals(value.left), one_name_and_literals(value.right)
        literal_left, literal_right = isinstance(value.left, cst.SimpleString), isinstance(value.right, cst.SimpleString)
        return left if literal_right else right if literal_left else (left if left == right else None)
    if isinstance(value, cst.FormattedString):
        names = {e.expression.value for e in value.parts if isinstance(e, cst.FormattedStringExpression)
                 and isinstance(e.expression, cst.Name)}
        plain = all(isinstance(e, cst.FormattedStringText) or (
            isinstance(e.expression, cst.Name) and e.format_spec is None) for e in value.parts)
        return next(iter(names)) if plain and len(names) == 1 else None
    return None


def string_value(node: cst.CSTNode | None, bytes_too: bool = False) -> str | None:
    """The value of a plain (non-f) string literal or implicit concatenation, else None; with
    ``bytes_too`` a bytes literal's value too (decoded as Latin-1, one character per byte)."""
    if not isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return None
    try:
        value = node.evaluated_value
    except Exception:  # noqa: BLE001 - an escape Python rejects: not a value we can read
        return None
    if isinstance(value, bytes) and bytes_too:
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def string_items(node: cst.CSTNode | None) -> tuple[str, ...] | None:
    """The strings of a list, tuple or set literal of plain strings (``["id", "name"]``), else None."""
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return None
    values = tuple(string_value(e.value) if isinstance(e, cst.Element) else None for e in node.elements)
    return values if all(v is not None for v in values) else None


def positional(call: cst.Call) -> list[cst.BaseExpression]:
    """The values of a call's positional arguments (not ``*args``)."""
    return [a.value for a in call.args if a.keyword is None and not a.star]


def positional_args(call: cst.Call) -> list[cst.Arg]:
    """A call's positional arguments (not ``*args``), as arguments."""
    return [a for a in call.args if a.keyword is None and not a.star]


def keyword_arg(call: cst.Call, name: str) -> cst.Arg | None:
    """Keyword argument ``name``, as an argument, else None."""
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def keyword(call: cst.Call | None, name: str) -> cst.BaseExpression | None:
    """The value of keyword argument ``name``, else None."""
    found = keyword_arg(call, name) if call is not None else None
    return found.value if found is not None else None


def class_methods(cls: cst.ClassDef | None) -> dict[str, cst.FunctionDef]:
    """The methods a class body defines, by name."""
    if cls is None or not isinstance(cls.body, cst.IndentedBlock):
        return {}
    return {s.name.value: s for s in cls.body.body if isinstance(s, cst.FunctionDef)}


def class_attributes(cls: cst.ClassDef | None) -> dict[str, cst.BaseExpression]:
    """The values a class body assigns to plain names (``queryset = ...``, ``roles: X = ...``)."""
    out: dict[str, cst.BaseExpression] = {}
    if cls is None or not isinstance(cls.body, cst.IndentedBlock):
        return out
    for stmt in cls.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target,
                                                                                         cst.Name):
                out[small.targets[0].target.value] = small.value
            elif isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
                out[small.target.value] = small.value
    return out


def is_true(node: cst.BaseExpression | None) -> bool:
    """The literal ``True``."""
    return isinstance(node, cst.Name) and node.value == "True"


def body_statements(node: cst.ClassDef | cst.FunctionDef) -> list[cst.BaseStatement]:
    """The statements of a class or function body (none for a one-line body)."""
    return list(node.body.body) if isinstance(node.body, cst.IndentedBlock) else []


# decorators that cache a function's result per argument
MEMO_DECORATORS = frozenset({"cache", "lru_cache", "cached", "memoize", "memoized", "cache_memoize", "ttl_cache"})


def memoised(func: cst.FunctionDef) -> bool:
    """A function whose results are cached per argument (``@functools.cache``, ``@lru_cache(...)``, ``@cached``),
    or that answers from a cache it reads first (``result = REGION.get(key)``, then ``if ...result...: return
    result`` before it queries)."""
    return any((dotted_name(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "")
               .rsplit(".", 1)[-1] in MEMO_DECORATORS for d in func.decorators) or _answers_from_cache(func)


def _answers_from_cache(func: cst.FunctionDef) -> bool:
    """``value = cache.get(key)`` (a receiver named like a cache or a dogpile region), then an ``if`` testing
    it whose body returns it."""
    cached: set[str] = set()
    for node in descendants(func.body):
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                and isinstance(node.value, cst.Call) and isinstance(node.value.func, cst.Attribute) \
                and node.value.func.attr.value == "get" \
                and any(w in (dotted_name(node.value.func.value) or "").lower() for w in ("cache", "region")):
            cached.add(node.targets[0].target.value)
        elif isinstance(node, cst.If) and cached and isinstance(node.body, cst.IndentedBlock) \
                and any(isinstance(n, cst.Name) and n.value in cached for n in (node.test, *descendants(node.test))):
            first = node.body.body[0] if node.body.body else None
            returned = first.body[0] if isinstance(first, cst.SimpleStatementLine) and first.body else None
            if isinstance(returned, cst.Return) and isinstance(returned.value, cst.Name) \
                    and returned.value.value in cached:
                return True
    return False

