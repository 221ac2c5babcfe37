"""The ORM201 fix: rewrite value holes of a SQL template into the sink's bound parameters.

The SQL text is rebuilt from the template (a plain string, or an f-string when constant
holes such as a table-name constant remain; triple-quoted SQL keeps its quotes and lines),
value holes become placeholders in the paramstyle of the driver that binds them, with the
quotes around them removed, and the values are passed in the sink's parameters argument,
merged with the parameters already given. A value that filled a quoted literal is bound as
``str(value)`` unless it is known to be a string (the literal was its text), a LIMIT/OFFSET
count as ``int(value)``. No fix where the driver types parameters itself (asyncpg: a ``'5'``
bound for an integer column is an error where the literal matched) or is unknown.
"""

from __future__ import annotations

import keyword
import re
import sys

import libcst as cst

from ormlint.analysis.sql.holes import VALUE, Slot, existing_placeholders, parameterize
from ormlint.analysis.sql.templates import Hole, Template
from ormlint.api import CstFix, ImportSpec
from ormlint.index.sql_sinks import Sink
from ormlint.orms.dbapi import driver
from ormlint.orms.django import DJANGO
from ormlint.orms.sqlalchemy import SA, SQLALCHEMY
from ormlint.syntax.flow import FunctionFlow
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import descendants

_EMPTY = cst.Module([])
PARAM_KEYWORDS = ("params", "parameters", "args", "vars")
TEXT = SA.text[0]  # sqlalchemy.text(): how the fix wraps SQL


def build_fix(sink: Sink, template: Template, slots: dict[int, Slot], flow: FunctionFlow, order: float,
              ctx) -> CstFix | None:
    """An unsafe fix for ``sink``, or None when the holes or the parameters do not allow one."""
    if sink.style is None or sink.params == "none" or len(template.sites) != 1 or not rebinds_literals(sink.driver):
        return None
    site = template.sites[0]
    holes = template.holes
    unsafe = [h for h in holes if not h.safe]
    if any(h.site is not site for h in unsafe) or not _distinct(unsafe):
        return None
    for hole in unsafe:
        slot = slots[id(hole)]
        if slot.kind != VALUE or not slot.bindable or slot.in_literal and not slot.quoted or hole.spec \
                or _synthetic(hole.expr, site):
            return None
    if any(h.safe and h.spec for h in holes):
        return None
    if not _site_reaches_sink(sink, site, unsafe, flow, order):
        return None
    existing = _existing_params(sink, ctx)
    if existing is False:
        return None
    number = {id(h): i for i, h in enumerate(holes)}
    pieces = [p if isinstance(p, str) else number[id(p)] for p in template.parts]
    rewrite = {number[id(h)] for h in unsafe}
    quoted = {number[id(h)] for h in unsafe if slots[id(h)].quoted}
    names = {number[id(h)]: _param_name(h.expr) for h in unsafe}
    escape = sink.style == "format" and (existing is None or isinstance(site, cst.BinaryOperation)
                                         and isinstance(site.operator, cst.Modulo))
    result = parameterize(pieces, rewrite, sink.style, quoted, names, escape)
    if result is None or not _counts_match(pieces, sink.style, existing):
        return None
    new_sql = _string_node(result.pieces, holes, site)
    if new_sql is None:
        return None
    values = {number[id(h)]: _param_value(h, slots[id(h)]) for h in unsafe}
    return _apply(sink, site, new_sql, result.params, values, existing, ctx)


def rebinds_literals(binder: str | None) -> bool:
    """Whether values bound through ``binder`` keep the meaning of the SQL literals they replace."""
    if binder in (DJANGO.name, SQLALCHEMY.name):
        return True
    found = driver(binder)
    return found is not None and found.rebinds_literals


def _counts_match(pieces, style: str, existing) -> bool:
    """Existing placeholders in the SQL match the parameters already passed."""
    found = existing_placeholders("".join(p if isinstance(p, str) else " " for p in pieces), style)
    if style == "named":
        return True
    if style == "numeric_dollar":
        return max([0] + [int(t[1:]) for t in found]) == len(existing or [])
    count = len(existing.elements) if isinstance(existing, (cst.List, cst.Tuple)) else len(existing or [])
    return len(found) == count


def _distinct(holes: list[Hole]) -> bool:
    return len({id(h.expr) for h in holes}) == len(holes)


def _synthetic(expr: cst.BaseExpression, site: cst.CSTNode) -> bool:
    """A stand-in made when the value of a hole could not be told apart (``% args``, ``**kwargs``),
    or a joined list, which is several values and cannot become one parameter."""
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "join":
        return True
    return expr is site or isinstance(expr, cst.Name) and expr.value == "_"


def _site_reaches_sink(sink: Sink, site: cst.CSTNode, holes: list[Hole], flow: FunctionFlow, order: int) -> bool:
    """The SQL is built in the sink's argument, or in the one assignment of a name used only there."""
    if _contains(sink.sql, site):
        return True
    if not isinstance(sink.sql, cst.Name):
        return False
    bindings = flow.bindings.get(sink.sql.value, [])
    if len(bindings) != 1 or bindings[0].kind != "set" or bindings[0].value is not site:
        return False
    if flow.loads.get(sink.sql.value, 0) != 2:
        return False
    names = {n.value for h in holes for n in _names_in(h.expr)}
    return not flow.rebound_between(names, bindings[0].order, order)


def _contains(container: cst.CSTNode, node: cst.CSTNode) -> bool:
    return container is node or any(d is node for d in descendants(container))


def _names_in(expr: cst.CSTNode):
    return [n for n in (expr, *descendants(expr)) if isinstance(n, cst.Name)]


def _param_name(expr: cst.BaseExpression) -> str:
    if isinstance(expr, cst.Call) and dotted_name(expr.func) == "str" and expr.args:
        expr = expr.args[0].value
    if isinstance(expr, cst.Name):
        name = expr.value
    elif isinstance(expr, cst.Attribute):
        name = expr.attr.value
    elif isinstance(expr, cst.Subscript) and isinstance(expr.slice[0].slice, cst.Index) \
            and isinstance(expr.slice[0].slice.value, cst.SimpleString):
        name = str(expr.slice[0].slice.value.evaluated_value)
    else:
        name = "param"
    name = re.sub(r"\W", "_", name).strip("_") or "param"
    return name + "_" if keyword.iskeyword(name) else name


def _param_value(hole: Hole, slot: Slot) -> cst.BaseExpression:
    """The value to bind. A quoted literal held the value's text: ``str(x)`` (``x`` when it is known to
    be a string). A LIMIT/OFFSET count: ``int(x)``. A bare literal: ``x`` (``str(x)`` binds ``x``)."""
    expr = hole.expr
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Subscript)):
        expr = expr.with_changes(lpar=[], rpar=[])
    if slot.quoted:
        return expr if hole.origin.text or _called(expr, "str") else _wrap("str", expr)
    if _called(expr, "str"):
        expr = expr.args[0].value
    return _wrap("int", expr) if slot.clause == "limit" and not _called(expr, "int") else expr


def _called(expr: cst.BaseExpression, name: str) -> bool:
    return isinstance(expr, cst.Call) and dotted_name(expr.func) == name and len(expr.args) == 1 \
        and expr.args[0].keyword is None and not expr.args[0].star


def _wrap(name: str, expr: cst.BaseExpression) -> cst.Call:
    return cst.Call(func=cst.Name(name), args=[cst.Arg(expr)])


# -- existing parameters --------------------------------------------------------------------


def _existing_params(sink: Sink, ctx):
    """The parameters already passed (a node, a list of nodes for varargs), None, or False (cannot merge)."""
    call = sink.call
    if sink.params == "helper":  # a project helper: the values go to its parameters' parameter
        passed = next((a for a in call.args if a.keyword is not None and a.keyword.value == sink.params_keyword), None)
        if passed is not None:
            return _mergeable(passed.value, sink)
        after = call.args[next(i for i, a in enumerate(call.args) if a.value is sink.sql) + 1:]
        return None if all(a.keyword is not None for a in after) else False
    if sink.params in ("second", "text-wrap", "params-keyword", "text-bindparams"):
        keywords = PARAM_KEYWORDS if sink.params != "params-keyword" else ("params",)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in keywords:
                return _mergeable(arg.value, sink)
        positional = [a for a in call.args if a.keyword is None]
        if any(a.star for a in positional):
            return False
        if sink.params == "second" and len(positional) > 1:
            return _mergeable(positional[1].value, sink)
        if sink.params in ("text-wrap", "text-bindparams") and len(positional) > 1:
            return False
        return None
    if sink.params == "varargs":
        positional = [a for a in call.args if a.keyword is None]
        if any(a.star for a in positional):
            return False
        return [a.value for a in positional[1:]] or None
    if sink.params == "bindparams":
        parent = ctx.parent(call)
        if isinstance(parent, cst.Attribute) and parent.attr.value == "bindparams":
            outer = ctx.parent(parent)
            if isinstance(outer, cst.Call) and all(a.keyword is not None for a in outer.args):
                return outer
            return False
        return None
    return False


def _mergeable(value: cst.BaseExpression, sink: Sink):
    if sink.style in ("qmark", "format") and isinstance(value, (cst.List, cst.Tuple)):
        if all(not isinstance(e, cst.StarredElement) for e in value.elements):
            return value
    return False


# -- building the new code -------------------------------------------------------------------


def _string_node(pieces, holes: list[Hole], site: cst.CSTNode) -> cst.BaseExpression | None:
    """A string literal for the SQL, or an f-string when constant holes stay interpolated.

    A triple-quoted SQL stays triple-quoted, its line breaks kept."""
    quote, triple = _quote_of(site)
    kept = [holes[p] for p in pieces if isinstance(p, int)]
    codes = [cst.Module([]).code_for_node(h.expr) for h in kept]
    if kept and sys.version_info < (3, 12):
        for candidate in (quote, "'" if quote == '"' else '"'):
            if not any(candidate in code or "\\" in code for code in codes):
                quote = candidate
                break
        else:
            return None
    text_parts = []
    slots = {}
    for piece in pieces:
        if isinstance(piece, str):
            text_parts.append(_escape(piece, quote, bool(kept), triple))
        else:
            marker = f"ormlint_hole_{len(slots)}"
            slots[marker] = holes[piece].expr
            text_parts.append("{" + marker + "}")
    body = "".join(text_parts)
    delimiter = quote * 3 if triple else quote
    code = ("f" if kept else "") + delimiter + body + delimiter
    try:
        node = cst.parse_expression(code)
    except cst.ParserSyntaxError:
        return None
    if slots:
        node = node.visit(_Substitute(slots))
    return _keep_lines(node, site) if not kept and not triple else node


def _keep_lines(node: cst.BaseExpression, site: cst.CSTNode) -> cst.BaseExpression:
    """The rewritten SQL split where the original implicit concatenation split it (one literal per line),
    for as long as the original literals read the same; the rest joined in a last literal."""
    original = site.left if isinstance(site, cst.BinaryOperation) else \
        site.func.value if isinstance(site, cst.Call) and isinstance(site.func, cst.Attribute) else site
    if not isinstance(original, cst.ConcatenatedString) or not isinstance(node, cst.SimpleString):
        return node
    leaves: list[tuple[cst.BaseString, cst.BaseParenthesizableWhitespace]] = []
    part: cst.BaseString = original
    while isinstance(part, cst.ConcatenatedString):
        leaves.append((part.left, part.whitespace_between))
        part = part.right
    text, position, kept = str(node.evaluated_value), 0, []
    for leaf, space in leaves:
        value = leaf.evaluated_value if isinstance(leaf, cst.SimpleString) and not leaf.prefix else None
        if not isinstance(value, str) or not text.startswith(value, position) or position + len(value) >= len(text):
            break
        kept.append((leaf, space))
        position += len(value)
    if not kept:
        return node
    quote = node.quote
    joined: cst.BaseString = cst.SimpleString(quote + _escape(text[position:], quote[0], False) + quote)
    for leaf, space in reversed(kept):
        joined = cst.ConcatenatedString(left=leaf, right=joined, whitespace_between=space)
    return joined.with_changes(lpar=original.lpar, rpar=original.rpar)


def _quote_of(site: cst.CSTNode) -> tuple[str, bool]:
    """The quote character of the SQL's first string literal, and whether it is triple-quoted."""
    for node in (site, *descendants(site)):
        if isinstance(node, cst.SimpleString):
            return node.quote[0], len(node.quote) == 3
        if isinstance(node, cst.FormattedString):
            return node.start[-1], node.start.endswith(node.start[-1] * 3)
    return '"', False


def _escape(text: str, quote: str, fstring: bool, triple: bool = False) -> str:
    text = text.replace("\\", "\\\\").replace("\r", "\\r")
    if triple:  # line breaks and tabs stay; a quote is escaped only where it could end the string
        text = re.sub(f"{quote}(?={quote}|\\Z)", lambda match: "\\" + quote, text)
    else:
        text = text.replace(quote, "\\" + quote).replace("\n", "\\n").replace("\t", "\\t")
    if fstring:
        text = text.replace("{", "{{").replace("}", "}}")
    return text


class _Substitute(cst.CSTTransformer):
    def __init__(self, slots: dict[str, cst.BaseExpression]) -> None:
        super().__init__()
        self.slots = slots

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name):
        return self.slots.get(original_node.value, updated_node)


class _ReplaceNodes(cst.CSTTransformer):
    def __init__(self, *pairs: tuple[cst.CSTNode, cst.CSTNode]) -> None:
        super().__init__()
        self.pairs = pairs

    def on_leave(self, original_node, updated_node):
        return next((new for old, new in self.pairs if old is original_node), updated_node)


def _sequence(values: list[cst.BaseExpression], like: cst.BaseExpression | None) -> cst.BaseExpression:
    elements = [cst.Element(v, comma=cst.MaybeSentinel.DEFAULT) for v in values]
    if isinstance(like, cst.List):
        return cst.List(elements)
    if len(elements) == 1:
        elements = [cst.Element(values[0], comma=cst.Comma())]
    return cst.Tuple(elements)


def _merge_positional(existing: list[cst.BaseExpression], params, values) -> list[cst.BaseExpression] | None:
    total = len(existing) + len(params)
    new_at = {position: values[hole] for hole, position in params}
    remaining = iter(existing)
    merged = []
    for position in range(total):
        merged.append(new_at[position] if position in new_at else next(remaining))
    return merged


def _apply(sink: Sink, site, new_sql, params, values, existing, ctx) -> CstFix | None:
    call = sink.call
    description = f"pass the interpolated values as parameters of {sink.label}"
    site_in_call = _contains(call, site)
    inner = [(site, new_sql)] if site_in_call else []
    replacements = [] if site_in_call else [(site, new_sql)]
    imports = []
    sql_node = call.visit(_ReplaceNodes(*inner)) if inner else call
    if sink.params in ("second", "params-keyword", "helper") and sink.style in ("qmark", "format"):
        existing_values = [e.value for e in existing.elements] if existing is not None else []
        merged = _merge_positional(existing_values, params, values)
        sequence = _sequence(merged, existing)
        keyword = "params" if sink.params == "params-keyword" else sink.params_keyword
        if existing is not None:
            new_call = call.visit(_ReplaceNodes(*inner, (existing, sequence)))
        elif keyword.startswith("*"):  # a helper handing its *args on: the values follow the SQL
            new_call = sql_node.with_changes(args=_commas([*sql_node.args, *(cst.Arg(v) for v in merged)]))
        elif keyword:
            new_call = sql_node.with_changes(args=_commas([*sql_node.args, cst.Arg(sequence, keyword=cst.Name(keyword),
                                                                                   equal=_equal())]))
        else:
            args = list(sql_node.args)
            args.insert(1, cst.Arg(sequence))
            new_call = sql_node.with_changes(args=_commas(args))
    elif sink.params == "varargs":
        existing_values = existing or []
        if sink.style == "numeric_dollar":
            added = [values[hole] for hole, _ in sorted(params, key=lambda p: p[1])]
            merged = existing_values + added
        else:
            merged = _merge_positional(existing_values, params, values)
        args = [a for a in sql_node.args]
        positional_end = 1 + len(existing_values)
        new_args = args[:1] + [cst.Arg(v) for v in merged] + args[positional_end:]
        new_call = sql_node.with_changes(args=_commas(new_args))
    elif sink.params == "bindparams":
        kwargs = [cst.Arg(values[hole], keyword=cst.Name(name), equal=_equal()) for hole, name in params]
        if existing is not None:
            outer = existing
            taken = {a.keyword.value for a in outer.args}
            if taken & {name for _, name in params}:
                return None
            new_outer = outer.visit(_ReplaceNodes((call, sql_node))) if site_in_call else outer
            new_outer = new_outer.with_changes(args=_commas([*new_outer.args, *kwargs]))
            return CstFix("unsafe", description, replacements=[*replacements, (outer, new_outer)])
        new_call = cst.Call(func=cst.Attribute(value=sql_node, attr=cst.Name("bindparams")), args=_commas(kwargs))
    elif sink.params in ("text-bindparams", "text-wrap"):  # op.execute(sql), session.execute(sql)
        text_name = _text_name(ctx, imports)
        if text_name is None:
            return None
        kwargs = [cst.Arg(values[hole], keyword=cst.Name(name), equal=_equal()) for hole, name in params]
        sql_arg = sql_node.args[0]
        wrapped = cst.Call(func=cst.Attribute(value=cst.Call(func=text_name, args=[cst.Arg(sql_arg.value)]),
                                              attr=cst.Name("bindparams")), args=_commas(kwargs))
        new_call = sql_node.with_changes(args=[sql_arg.with_changes(value=wrapped), *sql_node.args[1:]])
    else:
        return None
    return CstFix("unsafe", description, replacements=[*replacements, (call, new_call)], imports=imports)


def _text_name(ctx, imports: list[ImportSpec]) -> cst.BaseExpression | None:
    """How to call SQLAlchemy's ``text`` here: an existing import, ``sa.text``, or a new import."""
    name = TEXT.names[0]
    bound = ctx.imports.aliases.get(name)
    if any(text.matches(bound) for text in SA.text):
        return cst.Name(name)
    if bound is not None:
        return None
    alias = next((local for local, target in ctx.imports.aliases.items() if target == TEXT.package), None)
    if alias is not None:
        return cst.Attribute(value=cst.Name(alias), attr=cst.Name(name))
    imports.append(ImportSpec(TEXT.package, name))
    return cst.Name(name)


def _equal() -> cst.AssignEqual:
    return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    """Arguments separated by ", "; the whitespace before the closing parenthesis stays last."""
    closing = next((a.whitespace_after_arg for a in reversed(args)
                    if not isinstance(a.comma, cst.Comma) and _EMPTY.code_for_node(a.whitespace_after_arg)), None)
    out = []
    for i, arg in enumerate(args):
        if i < len(args) - 1:
            comma = arg.comma if isinstance(arg.comma, cst.Comma) else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if closing is not None and arg.whitespace_after_arg is closing:
                arg = arg.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
            out.append(arg.with_changes(comma=comma))
        else:
            changes = {"comma": cst.MaybeSentinel.DEFAULT}
            if closing is not None:
                changes["whitespace_after_arg"] = closing
            out.append(arg.with_changes(**changes))
    return out
