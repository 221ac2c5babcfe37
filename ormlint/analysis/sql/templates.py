"""How a SQL string is built inside one function: the templates an expression can evaluate to.

:meth:`TemplateBuilder.build` turns an expression into the possible SQL templates it
evaluates to: literal text plus :class:`Hole` objects for interpolated values, following
f-strings, ``%`` formatting, ``str.format``, ``+``/``+=``, ``str.join`` of lists built in the
function, conditionals and names bound earlier (assignments in branches are alternatives).
Each hole carries its :class:`~ormlint.analysis.sql.provenance.Origin`: why it cannot
carry attacker text, or where it comes from.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from typing import Sequence, Union

import libcst as cst

from ormlint.analysis.sql.constants import MAX_DEPTH, ModuleConstants, fstring_text
from ormlint.analysis.sql.provenance import Origin, Provenance
from ormlint.orms.dbapi import COMPOSED_SQL
from ormlint.syntax.flow import FunctionFlow
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import dotted_name

MAX_ALTERNATIVES = 8


@dataclass
class Hole:
    """One interpolated expression of a SQL template."""

    expr: cst.BaseExpression
    via: str  # f-string | %-formatting | str.format() | concatenation | += | str.join() | conditional | constant
    site: cst.BaseExpression  # the string-building expression the hole belongs to
    spec: str = ""  # conversion/format spec of the interpolation ("!r", ":>5", "%d")
    origin: Origin = field(default_factory=Origin)

    @property
    def safe(self) -> str:
        return self.origin.safe

    @property
    def sample(self) -> str:
        return self.origin.sample


Part = Union[str, Hole]


@dataclass
class Template:
    """One way the SQL can come out: text and holes, and the expressions that built it."""

    parts: list[Part]
    sites: list[cst.BaseExpression] = field(default_factory=list)
    builder: str = ""  # the function that built and returned it (``queries.sales_sql``), when not the sink's own
    # no text here a fix could rewrite: composed by psycopg's ``sql.SQL(...)`` (an object), or a template another
    # module binds (``queries.USER_BY_NAME.format(name=name)``)
    elsewhere: bool = False

    def __add__(self, other: "Template") -> "Template":
        return Template(self.parts + other.parts, _unique(self.sites + other.sites), self.builder or other.builder,
                        self.elsewhere or other.elsewhere)

    @property
    def holes(self) -> list[Hole]:
        return [p for p in self.parts if isinstance(p, Hole)]


def _unique(items: list) -> list:
    seen: list = []
    for item in items:
        if not any(item is s for s in seen):
            seen.append(item)
    return seen


_PERCENT_RE = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[a-zA-Z%])")


class TemplateBuilder:
    """Turns expressions of one function into SQL templates."""

    def __init__(self, flow: FunctionFlow, constants: ModuleConstants, provenance: Provenance) -> None:
        self.flow = flow
        self.constants = constants
        self.provenance = provenance
        provenance.builder = self

    def build(self, expr: cst.BaseExpression, order: float, branch: tuple = (), depth: int = 0,
              site: cst.BaseExpression | None = None) -> list[Template] | None:
        """The templates ``expr`` can evaluate to; None when it is not a string built here."""
        if depth > MAX_DEPTH:
            return None
        site = site if site is not None else expr
        if isinstance(expr, cst.SimpleString):
            text = string_value(expr, bytes_too=True)
            return None if text is None else [Template([text], [site])]
        if isinstance(expr, cst.ConcatenatedString):
            return self._combine([self.build(expr.left, order, branch, depth + 1, site),
                                  self.build(expr.right, order, branch, depth + 1, site)])
        if isinstance(expr, cst.FormattedString):
            parts: list[Part] = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(fstring_text(expr, part))
                else:
                    spec = ""
                    if part.conversion:
                        spec += "!" + part.conversion
                    if part.format_spec:
                        spec += ":" + "".join(getattr(p, "value", "{}") for p in part.format_spec)
                    parts.append(self.hole(part.expression, "f-string", site, order, spec))
            return self._expand([Template(parts, [site])], order, branch, depth)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            left = self.build(expr.left, order, branch, depth + 1, site)
            right = self.build(expr.right, order, branch, depth + 1, site)
            if left is None and right is None:
                return None
            left = left or [Template([self.hole(expr.left, "concatenation", site, order)], [site])]
            right = right or [Template([self.hole(expr.right, "concatenation", site, order)], [site])]
            return self._combine([left, right])
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Modulo):
            return self._percent(expr, order, branch, depth, site)
        composed = self._composed_text(expr)
        if composed is not None:  # psycopg's sql.SQL(text): the text is SQL as written, holes and all
            built = self.build(composed, order, branch, depth + 1, site)
            return None if built is None else [replace(t, elsewhere=True) for t in built]
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            method = expr.func.attr.value
            if method == "format":
                return self._format(expr, order, branch, depth, site)
            if method == "join" and len(expr.args) == 1:
                return self._join(expr, order, branch, depth, site)
            if method in ("strip", "lstrip", "rstrip", "upper", "lower") and not expr.args:
                return self.build(expr.func.value, order, branch, depth + 1, site)
        if isinstance(expr, cst.Call) and dotted_name(expr.func) in ("dedent", "textwrap.dedent", "str") \
                and len(expr.args) == 1:
            return self.build(expr.args[0].value, order, branch, depth + 1, site)
        if isinstance(expr, cst.IfExp):
            body = self.build(expr.body, order, branch, depth + 1, site)
            other = self.build(expr.orelse, order, branch, depth + 1, site)
            if body is None and other is None:
                return None
            body = body or [Template([self.hole(expr.body, "conditional", site, order)], [site])]
            other = other or [Template([self.hole(expr.orelse, "conditional", site, order)], [site])]
            return (body + other)[:MAX_ALTERNATIVES]
        if isinstance(expr, cst.Name):
            return self._name(expr, order, branch, depth)
        if isinstance(expr, cst.Call):
            return self.provenance.file.returned_sql(expr, self.flow.scope, order, depth + 1)
        return None

    def _name(self, expr: cst.Name, order: float, branch: tuple, depth: int) -> list[Template] | None:
        """Templates of a local name: the assignments that may reach the use (alternatives when
        they sit in branches) followed by the ``+=`` appends after them."""
        if not branch:
            branch = self.flow.branch_at.get(order, ())
        bindings = self.flow.reaching(expr.value, order, branch)
        if bindings is None:
            text = self.constants.name_constant(expr.value)
            return [Template([self.hole(expr, "constant", expr, order)], [])] if text is not None else None
        templates: list[Template] = []
        for binding in bindings:
            if binding.kind not in ("set", "aug") or binding.value is None:
                return None
            conditional = binding.branch != branch[: len(binding.branch)]
            built = self.build(binding.value, binding.order, binding.branch, depth + 1)
            if binding.kind == "set":
                if built is None:
                    if conditional:
                        continue  # an opaque alternative (sql = dataset.sql): the others still count
                    return None
                templates = templates + built if conditional and templates else built
                templates = templates[:MAX_ALTERNATIVES]
                continue
            if built is None:
                built = [Template([self.hole(binding.value, "+=", binding.value, binding.order)], [binding.value])]
            else:
                for template in built:
                    for part in template.parts:
                        if isinstance(part, Hole) and part.via in ("concatenation", "constant"):
                            part.via = "+="
            templates = [t + b for t in templates for b in built][:MAX_ALTERNATIVES] if templates else built
        return templates or None

    def hole(self, expr: cst.BaseExpression, via: str, site, order: float, spec: str = "") -> Hole:
        return Hole(expr, via, site, spec, self.provenance.origin(expr, order, spec))

    def join_element(self, call: cst.Call) -> str | None:
        iterable = call.args[0].value
        if isinstance(iterable, (cst.GeneratorExp, cst.ListComp)):
            return self.constants.constant_text(iterable.elt, self.flow)
        if isinstance(iterable, cst.BinaryOperation) and isinstance(iterable.operator, cst.Multiply):
            for side in (iterable.left, iterable.right):
                if isinstance(side, (cst.List, cst.Tuple)) and len(side.elements) == 1:
                    return self.constants.constant_text(side.elements[0].value, self.flow)
                if isinstance(side, cst.SimpleString):  # ",".join("?" * n)
                    return self.constants.constant_text(side, self.flow)
        return None

    def is_placeholder_join(self, call: cst.Call) -> bool:
        if not isinstance(call.func, cst.Attribute) or len(call.args) != 1:
            return False
        if self.constants.constant_text(call.func.value, self.flow) is None:
            return False
        iterable = call.args[0].value
        if self.join_element(call) is not None:
            return True
        if isinstance(iterable, (cst.List, cst.Tuple, cst.Set)):
            return all(self.constants.constant_text(e.value, self.flow) is not None for e in iterable.elements)
        return False

    # -- the building forms ------------------------------------------------------------
    def _combine(self, sides: Sequence[list[Template] | None]) -> list[Template] | None:
        if any(s is None for s in sides):
            return None
        result = [Template([], [])]
        for options in sides:
            result = [a + b for a in result for b in options][:MAX_ALTERNATIVES]
        return result

    def _expand(self, templates: list[Template], order, branch, depth) -> list[Template]:
        """Inline holes that are local strings built with holes of their own (``where`` clauses)."""
        result = []
        for template in templates:
            variants = [replace(template, parts=[])]
            for part in template.parts:
                inner = None
                if isinstance(part, Hole) and not part.origin.safe and not part.spec and isinstance(part.expr, cst.Name):
                    inner = self._name(part.expr, order, branch, depth + 1)
                if inner:
                    variants = [v + i for v in variants for i in inner][:MAX_ALTERNATIVES]
                else:
                    variants = [replace(v, parts=v.parts + [part]) for v in variants]
            result.extend(variants)
        return result[:MAX_ALTERNATIVES]

    def _percent(self, expr: cst.BinaryOperation, order, branch, depth, site) -> list[Template] | None:
        fmt = self.constants.constant_text(expr.left, self.flow)
        if fmt is None:
            return None
        right = expr.right
        positional: list[cst.BaseExpression] | None = None
        by_key: dict[str, cst.BaseExpression] = {}
        if isinstance(right, cst.Tuple):
            positional = [e.value for e in right.elements if not isinstance(e, cst.StarredElement)]
            if len(positional) != len(right.elements):
                positional = None
        elif isinstance(right, cst.Dict):
            for element in right.elements:
                if isinstance(element, cst.DictElement):
                    key = self.constants.constant_text(element.key, self.flow)
                    if key is not None:
                        by_key[key] = element.value
        parts: list[Part] = []
        last = 0
        index = 0
        for match in _PERCENT_RE.finditer(fmt):
            parts.append(fmt[last:match.start()])
            last = match.end()
            conv = match.group("conv")
            if conv == "%":
                parts.append("%")
                continue
            key = match.group("key")
            spec = "%" + conv
            if key is not None:
                value = by_key.get(key)
                hole_expr = value if value is not None else _subscript(right, key)
            elif positional is not None:
                hole_expr = positional[index] if index < len(positional) else right
            else:
                hole_expr = right
            index += 1
            parts.append(self.hole(hole_expr, "%-formatting", site, order, spec if conv != "s" else ""))
        parts.append(fmt[last:])
        if not any(isinstance(p, Hole) for p in parts):
            return None
        return self._expand([Template(parts, [site], elsewhere=self._held_elsewhere(expr.left))], order, branch, depth)

    def _held_elsewhere(self, expr: cst.BaseExpression) -> bool:
        """Whether the template ``expr`` names is kept where no fix here can rewrite it: a constant of another
        module (an import of this one: ``USER_BY_NAME``, ``queries.USER_BY_NAME``), or one element of a collection
        of templates (``QUERIES[kind]``)."""
        head = (dotted_name(expr) or "").split(".")[0] if isinstance(expr, (cst.Name, cst.Attribute)) else ""
        return isinstance(expr, cst.Subscript) or head in self.constants.imports.aliases and head not in self.flow.bindings

    def _composed_text(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The text of ``sql.SQL(text)`` (psycopg, psycopg2): composed into the statement as it is, unquoted."""
        if isinstance(expr, cst.Call) and len(expr.args) == 1 and expr.args[0].keyword is None \
                and self.constants.imports.qualify(expr.func) in COMPOSED_SQL:
            return expr.args[0].value
        return None

    def _format(self, expr: cst.Call, order, branch, depth, site) -> list[Template] | None:
        base = expr.func.value
        fmt = self.constants.constant_text(self._composed_text(base) or base, self.flow)
        if fmt is None and self._composed_text(base) is not None:  # sql.SQL(f"... {{}} ... '{user}'").format(...)
            return self.build(base, order, branch, depth + 1, site)  # its own holes; the format fills {} in order
        if fmt is None:
            return None
        positional = [a.value for a in expr.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in expr.args if a.keyword is not None}
        splat = next((a.value for a in expr.args if a.star == "**"), None)
        star = next((a.value for a in expr.args if a.star == "*"), None)
        parts: list[Part] = []
        auto = 0
        try:
            parsed = list(string.Formatter().parse(fmt))
        except ValueError:
            return None
        for literal, field_name, spec, conversion in parsed:
            parts.append(literal)
            if field_name is None:
                continue
            head = re.split(r"[.\[]", field_name, maxsplit=1)[0]
            if head == "":
                head = str(auto)
                auto += 1
            if head.isdigit():
                idx = int(head)
                hole_expr = positional[idx] if idx < len(positional) else (star or expr)
            else:
                hole_expr = keywords.get(head) or (_subscript(splat, head) if splat is not None else expr)
            if field_name != head and not field_name[len(head):].startswith("[") and hole_expr is not expr:
                hole_expr = _attribute(hole_expr, field_name[len(head):])
            hole_spec = ("!" + conversion if conversion else "") + (":" + spec if spec else "")
            parts.append(self.hole(hole_expr, "str.format()", site, order, hole_spec))
        if not any(isinstance(p, Hole) for p in parts):
            return None
        elsewhere = self._composed_text(base) is not None or self._held_elsewhere(base)
        return self._expand([Template(parts, [site], elsewhere=elsewhere)], order, branch, depth)

    def _join(self, expr: cst.Call, order, branch, depth, site) -> list[Template] | None:
        sep = self.constants.constant_text(expr.func.value, self.flow)
        if sep is None:
            return None
        iterable = expr.args[0].value
        if self.is_placeholder_join(expr):
            hole = self.hole(expr, "str.join()", site, order)
            return [Template([hole], [site])]
        elements: list[cst.BaseExpression] | None = None
        sites = [site]
        if isinstance(iterable, (cst.List, cst.Tuple)):
            elements = [e.value for e in iterable.elements if not isinstance(e, cst.StarredElement)]
        elif isinstance(iterable, (cst.ListComp, cst.GeneratorExp)):
            built = self.build(iterable.elt, order, branch, depth + 1, site)
            if built is None:  # ",".join(str(int(i)) for i in ids): the element decides
                return [Template([self.hole(iterable.elt, "str.join()", site, order)], sites)]
            return [Template(t.parts, _unique(sites + t.sites)) for t in built]
        elif isinstance(iterable, cst.Name):
            elements = self._list_elements(iterable.value, order, branch)
        if elements is None:
            return [Template([self.hole(iterable, "str.join()", site, order)], sites)]
        result = [Template([], sites)]
        for i, element in enumerate(elements):
            built = self.build(element, order, branch, depth + 1)
            if built is None:
                built = [Template([self.hole(element, "str.join()", site, order)], [site])]
            piece = [Template([sep], [])] if i else [Template([], [])]
            result = [r + p + b for r in result for p in piece for b in built][:MAX_ALTERNATIVES]
        return result

    def _list_elements(self, name: str, order: float, branch) -> list[cst.BaseExpression] | None:
        bindings = self.flow.reaching(name, order, branch)
        if not bindings:
            return None
        elements: list[cst.BaseExpression] = []
        for binding in bindings:
            value = binding.value
            if binding.kind == "set" and isinstance(value, (cst.List, cst.Tuple)):
                elements = [e.value for e in value.elements if not isinstance(e, cst.StarredElement)]
            elif binding.kind == "append" and value is not None:
                elements.append(value)
            elif binding.kind in ("extend", "aug") and isinstance(value, (cst.List, cst.Tuple)):
                elements.extend(e.value for e in value.elements if not isinstance(e, cst.StarredElement))
            else:
                return None
        return elements


def _subscript(base: cst.BaseExpression | None, key: str) -> cst.BaseExpression:
    if base is None:
        return cst.Name("_")
    return cst.Subscript(value=base, slice=[cst.SubscriptElement(cst.Index(cst.SimpleString(repr(key))))])


def _attribute(base: cst.BaseExpression, path: str) -> cst.BaseExpression:
    for name in path.strip(".").split("."):
        if name.isidentifier():
            base = cst.Attribute(value=base, attr=cst.Name(name))
    return base
