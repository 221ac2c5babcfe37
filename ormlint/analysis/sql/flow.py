"""How a SQL string is built inside one function, and which constants can be folded into it.

:class:`FunctionFlow` records, for one function body (or a module body), every binding of
every local name in statement order, with the branch it sits in. :meth:`FunctionFlow.build`
turns an expression into the possible SQL templates it evaluates to: literal text plus
:class:`Hole` objects for interpolated values, following f-strings, ``%`` formatting,
``str.format``, ``+``/``+=``, ``str.join`` of lists built in the function, conditionals,
and names bound earlier. Holes that cannot carry attacker text (module and class
constants, enum members, ``Final`` names, numbers, ``int()``/``len()``, placeholder lists,
quoting helpers, allow-listed names) are marked ``safe``.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field
from typing import Iterator, Sequence, Union

import libcst as cst

from ormlint.orms import ORMS
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import children

MAX_ALTERNATIVES = 8
MAX_DEPTH = 6

# Calls whose result is a number: interpolating it cannot change the statement.
NUMERIC_CALLS = frozenset({"int", "float", "len", "round", "abs", "bool", "count", "max", "min", "sum"})
# Calls that quote or escape an identifier or literal for SQL.
QUOTING_CALLS = frozenset({
    "quote_name", "quote_ident", "quote_identifier", "quote_identifiers", "quote_schema", "quote_table",
    "quote_column", "quote", "qn", "quote_value", "quote_literal", "escape_string", "escape_identifier",
    "Identifier", "Literal", "escape_like", "format_table_name",
})
# Attributes that hold a model's table or column name as declared in code.
SCHEMA_ATTRIBUTES = frozenset(name for spec in ORMS for name in spec.schema_attributes)
NUMERIC_SPECS = set("dioxXeEfFgGc")
# Calls whose result is constant when their inputs are.
CONSTANT_PRESERVING_CALLS = frozenset({"replace", "upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize",
                                       "dumps", "str", "repr", "int", "float"})
# Calls producing values that cannot hold SQL syntax (UUIDs, timestamps).
GENERATED_CALLS = frozenset({"uuid1", "uuid3", "uuid4", "uuid5", "now", "utcnow", "today", "now_utc"})
# Calls returning SQL compiled by an ORM together with its parameters (``sql, params = qs.query.sql_with_params()``).
COMPILED_SQL_CALLS = frozenset(name for spec in ORMS for name in spec.compiled_sql)


@dataclass
class Hole:
    """One interpolated expression of a SQL template."""

    expr: cst.BaseExpression
    via: str  # f-string | %-formatting | str.format() | concatenation | += | str.join()
    site: cst.BaseExpression  # the string-building expression the hole belongs to
    spec: str = ""  # conversion/format spec of the interpolation ("!r", ":>5", "%d")
    safe: str = ""  # why it cannot inject ("constant", "number", "quoted", "allow-listed", "placeholders")
    sample: str = ""  # text standing for a safe hole when the SQL is parsed


Part = Union[str, Hole]


@dataclass
class Template:
    """One way the SQL can come out: text and holes, and the expressions that built it."""

    parts: list[Part]
    sites: list[cst.BaseExpression] = field(default_factory=list)

    def __add__(self, other: "Template") -> "Template":
        return Template(self.parts + other.parts, _unique(self.sites + other.sites))

    @property
    def holes(self) -> list[Hole]:
        return [p for p in self.parts if isinstance(p, Hole)]


def _unique(items: list) -> list:
    seen: list = []
    for item in items:
        if not any(item is s for s in seen):
            seen.append(item)
    return seen


@dataclass
class Binding:
    """One binding of a local name, in statement order."""

    order: int
    kind: str  # set | aug | append | extend | with | for | param | unknown
    value: cst.BaseExpression | None
    branch: tuple[tuple[int, str], ...]  # enclosing conditional blocks
    node: cst.CSTNode  # the binding statement or expression
    annotation: cst.BaseExpression | None = None


class FunctionFlow:
    """Bindings of local names in one function body, plus allow-list guards."""

    def __init__(self, scope: cst.CSTNode, module: "ModuleConstants") -> None:
        self.scope = scope
        self.module = module
        self.bindings: dict[str, list[Binding]] = {}
        self.stmt_order: dict[int, int] = {}
        self.stmt_branch: dict[int, tuple[tuple[int, str], ...]] = {}
        self.branch_at: dict[int, tuple[tuple[int, str], ...]] = {}
        self.loads: dict[str, int] = {}
        self.guarded: dict[str, int] = {}  # name → order of the allow-list check
        self._order = 0
        self._branch: list[tuple[int, str]] = []
        if isinstance(scope, (cst.FunctionDef, cst.Lambda)):
            for param in _all_params(scope.params):
                self._bind(param.name.value, "param", None, param, annotation=param.annotation.annotation
                           if param.annotation else None)
            body = scope.body
        else:
            body = scope
        self._walk(body)

    # -- a read-only walk in source order, with statement order and branches -------------
    def _walk(self, node: cst.CSTNode) -> None:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and node is not self.scope:
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                self._bind(node.name.value, "unknown", None, node)
            return
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._order += 1
            self.stmt_order[id(node)] = self._order
            self.stmt_branch[id(node)] = self.branch_at[self._order] = tuple(self._branch)
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None and method(node) is False:
            return
        for child in children(node):
            self._walk(child)

    def visit_If(self, node: cst.If) -> bool:
        self._guard(node)
        self._walk(node.test)
        self._walk_branch(node, "if", node.body)
        if node.orelse is not None:
            self._walk_branch(node, "else", node.orelse)
        return False

    def visit_For(self, node: cst.For) -> bool:
        self._walk(node.iter)
        self._bind_loop_target(node.target, node.iter, node)
        self._walk_branch(node, "loop", node.body)
        if node.orelse is not None:
            self._walk_branch(node, "else", node.orelse)
        return False

    def visit_While(self, node: cst.While) -> bool:
        self._walk(node.test)
        self._walk_branch(node, "loop", node.body)
        if node.orelse is not None:
            self._walk_branch(node, "else", node.orelse)
        return False

    def visit_Try(self, node: cst.Try) -> bool:
        self._walk(node.body)
        for i, handler in enumerate(node.handlers):
            self._walk_branch(node, f"except{i}", handler)
        for part, name in ((node.orelse, "else"), (node.finalbody, "finally")):
            if part is not None:
                self._walk_branch(node, name, part)
        return False

    def visit_Match(self, node: cst.Match) -> bool:
        self._walk(node.subject)
        for i, case in enumerate(node.cases):
            self._walk_branch(node, f"case{i}", case)
        return False

    def _walk_branch(self, owner: cst.CSTNode, name: str, body: cst.CSTNode) -> None:
        self._branch.append((id(owner), name))
        self._walk(body)
        self._branch.pop()

    # -- bindings ------------------------------------------------------------------
    def _bind(self, name: str, kind: str, value, node, annotation=None) -> None:
        self.bindings.setdefault(name, []).append(
            Binding(self._order, kind, value, tuple(self._branch), node, annotation))

    def _bind_target(self, target: cst.BaseExpression, kind: str, value, node) -> None:
        if kind == "for" and not isinstance(target, cst.Name):
            kind = "unknown"
        if isinstance(target, cst.Name):
            self._bind(target.value, kind, value, node)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                inner = element.value.value if isinstance(element.value, cst.StarredElement) else element.value
                self._bind_target(inner, "unknown", None, node)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, "unknown", None, node)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, "set", node.value, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name):
            kind = "set" if node.value is not None else "declare"
            self._bind(node.target.value, kind, node.value, node, annotation=node.annotation.annotation)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            kind = "aug" if isinstance(node.operator, cst.AddAssign) else "unknown"
            self._bind(node.target.value, kind, node.value, node)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name, "with", node.item, node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, "set", node.value, node)

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        # Comprehension variables are bound just before the statement that holds them.
        self._order -= 0.5
        self._bind_loop_target(node.target, node.iter, node)
        self._order += 0.5
        return True

    def _bind_loop_target(self, target: cst.BaseExpression, iterable: cst.BaseExpression, node) -> None:
        """Loop variables, unpacked ones included, remember what they iterate over."""
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                if isinstance(element.value, cst.Name):
                    self._bind(element.value.value, "for", iterable, node)
                else:
                    self._bind_target(element.value, "unknown", None, node)
        else:
            self._bind_target(target, "for", iterable, node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and node.args:
            if func.attr.value in ("append", "extend", "insert"):
                value = node.args[-1].value
                kind = "extend" if func.attr.value == "extend" else "append"
                self._bind(func.value.value, kind, value, node)

    def visit_Name(self, node: cst.Name) -> None:
        self.loads[node.value] = self.loads.get(node.value, 0) + 1

    def _guard(self, node: cst.If) -> None:
        """``if x not in ALLOWED: raise/return`` makes ``x`` allow-listed afterwards."""
        test = node.test
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
            return
        target = test.comparisons[0]
        if not isinstance(target.operator, cst.NotIn) or not isinstance(test.left, cst.Name):
            return
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else []
        last = body[-1] if body else None
        exits = isinstance(last, cst.SimpleStatementLine) and any(
            isinstance(s, (cst.Raise, cst.Return, cst.Continue, cst.Break)) for s in last.body)
        if not exits and isinstance(node.body, cst.SimpleStatementSuite):
            exits = any(isinstance(s, (cst.Raise, cst.Return, cst.Continue, cst.Break)) for s in node.body.body)
        if exits and self.module.is_constant_collection(target.comparator, self):
            self.guarded[test.left.value] = self._order

    def visit_Assert(self, node: cst.Assert) -> None:
        test = node.test
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name):
            target = test.comparisons[0]
            if isinstance(target.operator, cst.In) and self.module.is_constant_collection(target.comparator, self):
                self.guarded[test.left.value] = self._order

    # -- queries -------------------------------------------------------------------
    def order_of(self, statement: cst.CSTNode) -> int:
        return self.stmt_order.get(id(statement), 10**9)

    def branch_of(self, statement: cst.CSTNode) -> tuple[tuple[int, str], ...]:
        return self.stmt_branch.get(id(statement), ())

    def reaching(self, name: str, order: int, branch: tuple | None = None) -> list[Binding] | None:
        """The bindings of ``name`` that may reach a use at ``order``; None if it is not local.

        Walking back from the use: appends are collected until a plain assignment that
        always runs before the use (same or enclosing block) ends the walk.
        """
        bindings = self.bindings.get(name)
        if not bindings:
            return None
        if branch is None:
            branch = self.branch_at.get(order, ())
        result: list[Binding] = []
        for binding in reversed([b for b in bindings if b.order < order or b.kind == "param"]):
            result.append(binding)
            if binding.kind in ("set", "with", "param", "for", "unknown") and branch[: len(binding.branch)] == binding.branch:
                break
        result.reverse()
        return result

    def rebound_between(self, names: set[str], start: int, end: int) -> bool:
        return any(start < b.order < end for n in names for b in self.bindings.get(n, ()))


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


# -- module-level constants ----------------------------------------------------------------


class ModuleConstants:
    """Names bound once at module or class level to constant values, and Enum members."""

    def __init__(self, module: cst.Module, imports: ImportTable) -> None:
        self.imports = imports
        self.values: dict[str, list[cst.BaseExpression | None]] = {}
        self.classes: dict[str, cst.ClassDef] = {}
        self._cache: dict[str, str | None] = {}
        for statement in module.body:
            self._collect(statement, self.values)
            if isinstance(statement, cst.ClassDef):
                self.classes[statement.name.value] = statement
        self._class_values: dict[str, dict[str, list]] = {}

    @staticmethod
    def _collect(statement: cst.CSTNode, into: dict[str, list]) -> None:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            into.setdefault(target.target.value, []).append(small.value)
                elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    into.setdefault(small.target.value, []).append(small.value)
                elif isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name):
                    into.setdefault(small.target.value, []).append(None)
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            into.setdefault(statement.name.value, []).append(None)
        elif isinstance(statement, (cst.If, cst.Try)):
            for inner in _nested_statements(statement):
                ModuleConstants._collect(inner, into)

    def class_values(self, name: str) -> dict[str, list]:
        if name not in self._class_values:
            values: dict[str, list] = {}
            node = self.classes.get(name)
            if node is not None and isinstance(node.body, cst.IndentedBlock):
                for statement in node.body.body:
                    self._collect(statement, values)
            self._class_values[name] = values
        return self._class_values[name]

    def constant_text(self, expr: cst.BaseExpression, flow: FunctionFlow | None = None, depth: int = 0) -> str | None:
        """The text ``expr`` always evaluates to when it is a compile-time constant (one sample if several)."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.BinaryOperation)):
            return self._constant_string(expr, flow, depth)
        if isinstance(expr, (cst.Integer, cst.Float)):
            return expr.value
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.expression, (cst.Integer, cst.Float)):
            return "-" + expr.expression.value
        if isinstance(expr, cst.Name):
            if expr.value in ("None", "True", "False"):
                return expr.value
            if flow is not None and expr.value in flow.bindings:
                return self._local_constant(expr.value, flow, depth)
            return self.name_constant(expr.value, depth)
        if isinstance(expr, cst.Attribute):
            return self.attribute_constant(expr, flow, depth)
        if isinstance(expr, cst.IfExp):
            body = self.constant_text(expr.body, flow, depth + 1)
            other = self.constant_text(expr.orelse, flow, depth + 1)
            return body if body is not None and other is not None else None
        if isinstance(expr, cst.Subscript) and self.is_constant_collection(expr.value, flow):
            return "x"
        if isinstance(expr, cst.Call) and _callee_name(expr) in CONSTANT_PRESERVING_CALLS:
            func = expr.func
            inputs = [a.value for a in expr.args]
            if isinstance(func, cst.Attribute) and dotted_name(func) not in ("json.dumps",):
                inputs.append(func.value)
            texts = [self.constant_text(v, flow, depth + 1) for v in inputs]
            if inputs and all(t is not None for t in texts):
                return texts[-1]
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get":
            if self.is_constant_collection(expr.func.value, flow):
                default = expr.args[1].value if len(expr.args) > 1 else None
                if default is None or self.constant_text(default, flow, depth + 1) is not None:
                    return "x"
        return None

    def _constant_string(self, expr, flow, depth) -> str | None:
        if isinstance(expr, cst.SimpleString):
            return string_value(expr, bytes_too=True)
        if isinstance(expr, cst.ConcatenatedString):
            left = self.constant_text(expr.left, flow, depth + 1)
            right = self.constant_text(expr.right, flow, depth + 1)
            return left + right if left is not None and right is not None else None
        if isinstance(expr, cst.FormattedString):
            out = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    out.append(_fstring_text(expr, part))
                else:
                    inner = self.constant_text(part.expression, flow, depth + 1)
                    if inner is None:
                        return None
                    out.append(inner)
            return "".join(out)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            left = self.constant_text(expr.left, flow, depth + 1)
            right = self.constant_text(expr.right, flow, depth + 1)
            return left + right if left is not None and right is not None else None
        return None

    def _local_constant(self, name: str, flow: FunctionFlow, depth: int) -> str | None:
        bindings = flow.bindings[name]
        samples = []
        for binding in bindings:
            if binding.kind == "set" and binding.value is not None:
                text = self.constant_text(binding.value, flow, depth + 1)
            elif binding.kind == "for" and binding.value is not None and self.is_constant_collection(binding.value, flow):
                elements = getattr(binding.value, "elements", ())
                first = self.constant_text(elements[0].value, flow, depth + 1) if elements else None
                text = first if first is not None else "x"
            else:
                text = None
            if text is None:
                return None
            samples.append(text)
        return samples[0] if samples else None

    def name_constant(self, name: str, depth: int = 0) -> str | None:
        """A module-level name bound only to constants; an imported UPPER_CASE name."""
        if name in self._cache:
            return self._cache[name]
        self._cache[name] = None  # cycles
        values = self.values.get(name)
        result = None
        if values:
            texts = [self.constant_text(v, None, depth + 1) if v is not None else None for v in values]
            if all(t is not None for t in texts):
                result = texts[-1]
        elif name in self.imports.aliases and _is_constant_name(name):
            result = name
        self._cache[name] = result
        return result

    def attribute_constant(self, expr: cst.Attribute, flow: FunctionFlow | None, depth: int) -> str | None:
        """``Class.CONST``, ``self.CONST``, ``Enum.MEMBER.value``, ``settings.NAME``, ``str(Enum.X)``."""
        attr = expr.attr.value
        base = expr.value
        if attr in ("value", "name", "label") and isinstance(base, cst.Attribute):
            owner = dotted_name(base.value)
            if owner and owner in self.classes and _is_enum(self.classes[owner]):
                return base.attr.value
            if owner and owner in self.imports.aliases and owner[:1].isupper() and owner[1:2].islower():
                return base.attr.value  # ImportedEnum.MEMBER.value
        if attr in ("value", "name", "label") and isinstance(base, cst.Name) and flow is not None:
            bindings = flow.bindings.get(base.value, [])
            if bindings and all(b.kind == "for" and b.value is not None and self.is_constant_collection(b.value, flow)
                                for b in bindings):
                return "x"  # for member in SomeEnum: member.value
        owner = dotted_name(base)
        if owner in ("self", "cls") and flow is not None:
            owner = _enclosing_class_name(flow, self)
        if owner and owner in self.classes:
            values = self.class_values(owner).get(attr)
            if values:
                texts = [self.constant_text(v, None, depth + 1) if v is not None else None for v in values]
                if all(t is not None for t in texts):
                    return texts[-1]
            if _is_enum(self.classes[owner]) and attr in self.class_values(owner):
                return attr
        if _is_constant_name(attr) and owner is not None:
            return attr
        return None

    def is_constant_collection(self, expr: cst.BaseExpression, flow: FunctionFlow | None, depth: int = 0) -> bool:
        """A literal set/tuple/list/dict of constants (or of code references), or a name bound to one."""
        if depth > MAX_DEPTH:
            return False
        if isinstance(expr, (cst.Set, cst.Tuple, cst.List)):
            return all(self._constant_item(e.value, flow, depth) for e in expr.elements
                       if not isinstance(e, cst.StarredElement))
        if isinstance(expr, cst.Dict):
            return all(isinstance(e, cst.DictElement) and self._constant_item(e.key, flow, depth)
                       and self._constant_item(e.value, flow, depth) for e in expr.elements)
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Attribute) and func.attr.value in ("items", "keys", "values") and not expr.args:
                return self.is_constant_collection(func.value, flow, depth + 1)
            if dotted_name(func) in ("frozenset", "set", "tuple", "dict", "list", "sorted", "reversed", "enumerate"):
                return bool(expr.args) and self.is_constant_collection(expr.args[0].value, flow, depth + 1)
            return False
        name = dotted_name(expr)
        if name is None:
            return False
        if name in self.classes and _is_enum(self.classes[name]):
            return True
        if "." not in name and flow is not None and name in flow.bindings:
            bindings = flow.bindings[name]
            return all(b.kind == "set" and b.value is not None and self.is_constant_collection(b.value, flow, depth + 1)
                       for b in bindings)
        values = self.values.get(name)
        if values:
            return all(v is not None and self.is_constant_collection(v, None, depth + 1) for v in values)
        return _is_constant_name(name.rsplit(".", 1)[-1]) and (name.split(".")[0] in self.imports.aliases
                                                                or "." in name)


    def _constant_item(self, expr: cst.BaseExpression, flow: FunctionFlow | None, depth: int) -> bool:
        if self.constant_text(expr, flow, depth + 1) is not None:
            return True
        if isinstance(expr, (cst.Set, cst.Tuple, cst.List, cst.Dict)):
            return self.is_constant_collection(expr, flow, depth + 1)
        name = dotted_name(expr)
        if name is None:
            return False
        head = name.split(".")[0]
        return head in self.imports.aliases or head in self.classes or head in self.values


def _nested_statements(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    for block in (getattr(node, "body", None), getattr(node, "orelse", None)):
        if isinstance(block, cst.If):
            yield from _nested_statements(block)
        elif isinstance(block, cst.Else):
            yield from getattr(block.body, "body", ())
        elif block is not None:
            yield from getattr(block, "body", ())


# Upper-case attributes that hold request data, not constants (Django's request.GET, WSGI META).
REQUEST_DATA = frozenset({"GET", "POST", "FILES", "COOKIES", "META", "REQUEST", "DATA", "ENV", "ENVIRON", "HEADERS"})


def _is_constant_name(name: str) -> bool:
    return len(name) > 1 and name.isupper() and any(c.isalpha() for c in name) and name not in REQUEST_DATA


def _is_enum(node: cst.ClassDef) -> bool:
    return any((dotted_name(b.value) or "").rsplit(".", 1)[-1] in ("Enum", "IntEnum", "StrEnum", "TextChoices",
                                                                  "IntegerChoices", "Choices", "Flag", "IntFlag")
               for b in node.bases)


def _enclosing_class_name(flow: FunctionFlow, module: ModuleConstants) -> str | None:
    for name, node in module.classes.items():
        if isinstance(node.body, cst.IndentedBlock) and any(s is flow.scope for s in node.body.body):
            return name
    return None


def _fstring_text(node: cst.FormattedString, part: cst.FormattedStringText) -> str:
    prefix = node.prefix.lower().replace("f", "")
    text = part.value.replace("{{", "{").replace("}}", "}")
    if "r" in prefix or "\\" not in text:
        return text
    try:
        return ast.literal_eval(f'{prefix}"""{text}"""') if '"""' not in text else text
    except (SyntaxError, ValueError):
        return text


# -- building templates ----------------------------------------------------------------------

_PERCENT_RE = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[a-zA-Z%])")


class TemplateBuilder:
    """Turns expressions of one function into SQL templates."""

    def __init__(self, flow: FunctionFlow, constants: ModuleConstants) -> None:
        self.flow = flow
        self.constants = constants

    def build(self, expr: cst.BaseExpression, order: int, branch: tuple = (), depth: int = 0,
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
                    parts.append(_fstring_text(expr, part))
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
        return None

    def _name(self, expr: cst.Name, order: int, branch: tuple, depth: int) -> list[Template] | None:
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

    def hole(self, expr: cst.BaseExpression, via: str, site, order: int, spec: str = "") -> Hole:
        hole = Hole(expr, via, site, spec)
        hole.safe, hole.sample = self.safety(expr, order, spec)
        return hole

    def safety(self, expr: cst.BaseExpression, order: int, spec: str = "", depth: int = 0) -> tuple[str, str]:
        """Why a hole cannot carry attacker text, and a sample text for it; ("", "") if it can."""
        conversion = spec.lstrip("%:!")[-1:] if spec else ""
        if spec and conversion in NUMERIC_SPECS and not spec.startswith("!"):
            return "number", "1"
        text = self.constants.constant_text(expr, self.flow)
        if text is not None:
            return "constant", text
        if isinstance(expr, cst.Name):
            guard = self.flow.guarded.get(expr.value)
            if guard is not None and guard < order:
                return "allow-listed", expr.value
        if isinstance(expr, cst.Call) and _callee_name(expr) == "str" and len(expr.args) == 1:
            return self.safety(expr.args[0].value, order, depth=depth + 1)
        if isinstance(expr, cst.Call):
            callee = _callee_name(expr)
            if callee in NUMERIC_CALLS:
                return "number", "1"
            if callee in GENERATED_CALLS:
                return "generated", "1"
            if callee in QUOTING_CALLS:
                return "quoted", "quoted_name"
            if callee == "join" and len(expr.args) == 1 and isinstance(expr.args[0].value, (cst.ListComp, cst.GeneratorExp)):
                element = self.safety(expr.args[0].value.elt, order, depth=depth + 1)
                if element[0]:
                    return element
            if callee == "join" and self._is_placeholder_join(expr, order):
                sep = self.constants.constant_text(expr.func.value, self.flow) or ","
                element = self._join_element(expr) or "?"
                return "placeholders", f"{element}{sep}{element}"
        if isinstance(expr, cst.Attribute) and _schema_attribute(expr):
            return "schema", expr.attr.value
        if isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Attribute) and _schema_attribute(expr.value):
            return "schema", "name"
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.args and depth < MAX_DEPTH \
                and all(not a.star and self.safety(a.value, order, depth=depth + 1)[0] for a in expr.args):
            return "derived", "1"  # a function of constants and generated values only: http_date(now_utc())
        if isinstance(expr, cst.Call) and _callee_name(expr) == "replace" and _doubles_quote(expr, self.constants):
            return "quoted", "quoted_name"
        if isinstance(expr, cst.Name) and depth < MAX_DEPTH:
            return self._local_safety(expr, order, depth)
        return "", ""

    def _local_safety(self, expr: cst.Name, order: int, depth: int) -> tuple[str, str]:
        """A local name is safe when every binding reaching the use is."""
        bindings = self.flow.reaching(expr.value, order)
        if not bindings:
            return "", ""
        reasons = []
        for binding in bindings:
            node = binding.node
            if binding.kind == "unknown" and isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) \
                    and _callee_name(node.value) in COMPILED_SQL_CALLS:
                reasons.append(("compiled", "compiled_sql"))
                continue
            if binding.kind != "set" or binding.value is None or binding.value is expr:
                return "", ""
            reason = self.safety(binding.value, binding.order, depth=depth + 1)
            if not reason[0]:
                return "", ""
            reasons.append(reason)
        return reasons[-1]

    def _join_element(self, call: cst.Call) -> str | None:
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

    def _is_placeholder_join(self, call: cst.Call, order: int) -> bool:
        if not isinstance(call.func, cst.Attribute) or len(call.args) != 1:
            return False
        if self.constants.constant_text(call.func.value, self.flow) is None:
            return False
        iterable = call.args[0].value
        if self._join_element(call) is not None:
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
            variants = [Template([], template.sites)]
            for part in template.parts:
                inner = None
                if isinstance(part, Hole) and not part.safe and not part.spec and isinstance(part.expr, cst.Name):
                    inner = self._name(part.expr, order, branch, depth + 1)
                if inner:
                    variants = [v + i for v in variants for i in inner][:MAX_ALTERNATIVES]
                else:
                    variants = [Template(v.parts + [part], v.sites) for v in variants]
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
        return self._expand([Template(parts, [site])], order, branch, depth)

    def _format(self, expr: cst.Call, order, branch, depth, site) -> list[Template] | None:
        fmt = self.constants.constant_text(expr.func.value, self.flow)
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
        return self._expand([Template(parts, [site])], order, branch, depth)

    def _join(self, expr: cst.Call, order, branch, depth, site) -> list[Template] | None:
        sep = self.constants.constant_text(expr.func.value, self.flow)
        if sep is None:
            return None
        iterable = expr.args[0].value
        if self._is_placeholder_join(expr, order):
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

    def _list_elements(self, name: str, order: int, branch) -> list[cst.BaseExpression] | None:
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


def _doubles_quote(call: cst.Call, constants: "ModuleConstants") -> bool:
    """``value.replace('"', '""')``: the identifier or literal quote is escaped by doubling."""
    if len(call.args) != 2:
        return False
    old = constants.constant_text(call.args[0].value)
    new = constants.constant_text(call.args[1].value)
    return old in ('"', "'", "`") and new == old * 2


def _callee_name(call: cst.Call) -> str:
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


def _schema_attribute(expr: cst.Attribute) -> bool:
    """``model._meta.db_table``, ``field.column``, ``Model.__tablename__``: names declared in code."""
    name = dotted_name(expr) or ""
    return expr.attr.value in SCHEMA_ATTRIBUTES or "._meta." in f".{name}." and expr.attr.value in (
        "db_table", "model_name", "app_label", "pk", "column", "object_name")


def _subscript(base: cst.BaseExpression | None, key: str) -> cst.BaseExpression:
    if base is None:
        return cst.Name("_")
    return cst.Subscript(value=base, slice=[cst.SubscriptElement(cst.Index(cst.SimpleString(repr(key))))])


def _attribute(base: cst.BaseExpression, path: str) -> cst.BaseExpression:
    for name in path.strip(".").split("."):
        if name.isidentifier():
            base = cst.Attribute(value=base, attr=cst.Name(name))
    return base
