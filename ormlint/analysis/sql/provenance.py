"""Where an interpolated value comes from, and whether it can carry attacker text into SQL.

:meth:`Provenance.origin` follows an expression back through the assignments of its
function, loop targets, checks (allow-lists, anchored regular expressions, ``isdigit()``) and
one call level in the module (a private function's callers, a function's ``return``), parsers
that raise for anything but a valid value (``ZoneInfo(tz)``, ``UUID(x)``, ``fromisoformat``) and says
either why the value is safe — a constant, a number (``int()``, ``len()``, ``range()``,
arithmetic, a numeric annotation), a date or time, an enum member, a generated id or UUID, a value quoted or
escaped for SQL by a quoting function, a checked value, placeholders, model metadata — or
where it comes from: "parameter `term` of `search_posts`", "request data", "a value read
from the database".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst
from sqlglot import exp

from ormlint.analysis.sql.constants import MAX_DEPTH, ModuleConstants, callee_name, is_enum, is_enum_class
from ormlint.index.sql_helpers import code_attribute, project_sql
from ormlint.orms import ORMS, orm_packages
from ormlint.orms.commands import COMMANDS
from ormlint.orms.dbapi import (
    CATALOG_SCHEMAS,
    CATALOG_TABLE_PREFIXES,
    DRIVER_MODULES,
    EXECUTE_METHODS,
    FETCH_METHODS,
    SERVER_STATE_FUNCTIONS,
)
from ormlint.orms.migration_ops import parse_sql
from ormlint.orms.sqlalchemy import SA
from ormlint.syntax.flow import Binding, Check, FunctionFlow
from ormlint.syntax.names import dotted_name, mapping_of_keys
from ormlint.syntax.temporal import DATE_PARSERS, TEMPORAL_TEXT, makes_date
from ormlint.syntax.walk import scope_nodes, walk_scope

# Calls whose result is a number.
NUMERIC_CALLS = frozenset({"int", "float", "len", "round", "abs", "bool", "ord", "Decimal", "hash", "ceil", "floor",
                           "trunc", "count", "index", "bit_length", "timestamp", "total_seconds", "crc32",
                           "adler32"})  # zlib's checksums: integers
NUMERIC_AGGREGATES = frozenset({"max", "min", "sum"})  # numbers when every argument is
# Annotations of numbers and of values whose text cannot hold a quote.
SAFE_TYPES = frozenset({"int", "float", "bool", "Decimal", "UUID", "date", "datetime", "time", "timedelta",
                        "PositiveInt", "NonNegativeInt", "NegativeInt", "StrictInt", "StrictFloat", "conint", "confloat"})
COLLECTION_CALLS = frozenset({"set", "list", "tuple", "frozenset", "dict"})
CONTAINERS = frozenset({"list", "List", "Sequence", "set", "Set", "frozenset", "FrozenSet", "Iterable", "Collection",
                        "tuple", "Tuple", "AbstractSet", "MutableSequence"})
# Calls producing values that cannot hold SQL syntax (UUIDs, timestamps, random tokens).
GENERATED_CALLS = frozenset({"uuid1", "uuid3", "uuid4", "uuid5", "now", "utcnow", "today", "now_utc", "time",
                             "monotonic", "perf_counter", "token_hex", "token_urlsafe", "randint", "getrandbits"})
# Parsers that raise unless their text is a value of a closed syntax: a UUID, a time zone key (zoneinfo,
# pytz), an ISO date or time, a date of a fixed format, an IPv4 address, a number. Their result holds no
# quote, and neither does their input once they returned. Not ``ip_address``/``IPv6Address``: an IPv6
# scope id (``fe80::1%<text>``) may hold any character but ``%`` and ``/``.
VALIDATING_PARSERS = frozenset({"UUID", "ZoneInfo", "timezone", "fromisoformat", "strptime", "IPv4Address",
                                "IPv4Network", "IPv4Interface", "int", "float", "Decimal"})
# The same, from libraries, by qualified name: IPy's and netaddr's addresses (neither takes an IPv6 scope id),
# ISO 8601 and dateutil dates.
VALIDATING_LIBRARY_PARSERS = frozenset({"IPy.IP", "netaddr.IPAddress", "netaddr.IPNetwork", "netaddr.EUI",
                                        *DATE_PARSERS})
# Methods and attributes that keep what their receiver is (a safe text stays safe, an unsafe one unsafe).
TEXT_METHODS = frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "title", "capitalize", "casefold", "zfill",
                          "hex", "decode", "encode"})
ID_ATTRIBUTES = frozenset({"id", "pk"})  # primary keys the database or the code generates
# Calls whose result holds only letters, digits, "-" and "_" (Django's and python-slugify's slugify):
# no quote or SQL syntax can come through them.
SLUG_CALLS = frozenset({"slugify"})
QUOTING_WORDS = ("quote", "escape", "literal")  # a project helper named so quotes or escapes for SQL
CONFIGURATION_ATTRIBUTES = frozenset(name for spec in ORMS for name in spec.configuration_attributes)
COMPILED_SQL_CALLS = frozenset(name for spec in ORMS for name in spec.compiled_sql)
LIBRARY_PACKAGES = orm_packages() | DRIVER_MODULES
NUMERIC_SPECS = set("dioxXeEfFgGc")
REQUEST_ROOTS = ("request", "self.request")
CONFIGURATION = ("os.environ", "os.getenv", "settings", "current_app.config", "app.config")
# the conventional names of a project's own configuration object (``from .config import Config``)
CONFIGURATION_OBJECTS = frozenset({"config", "Config", "CONFIG", "conf", "Settings", "SETTINGS"})
_CALL = r"(?:{})\s*(?:\(\s*(?:'[\w.]*'(?:\s*,\s*\w+)?)?\s*\))?(?:\s+(?:as\s+)?\w+)?".format(
    "|".join(sorted(SERVER_STATE_FUNCTIONS)))
# ``SHOW setting``, ``SELECT current_database()``: the server's state, not rows of its tables.
SERVER_STATE_SQL = re.compile(rf"\s*(?:show\s+[\w.]+|select\s+{_CALL}(?:\s*,\s*{_CALL})*)\s*;?\s*", re.I)
# Strings a check must refuse for the checked value to be safe in SQL.
_PROBES = ("'", '"', "x'--", "a;b", "\\'")


@dataclass(frozen=True)
class Origin:
    """What a hole holds: why it cannot carry attacker text, or where it comes from."""

    safe: str = ""  # constant | number | generated | quoted | checked | placeholders | schema | compiled |
    # configuration | derived ("" : it can carry attacker text)
    sample: str = ""  # text standing for a safe hole when the SQL is parsed
    source: str = ""  # an unsafe value's origin: "parameter `term` of `search_posts`", "request data", ...
    text: bool = False  # known to be a str (a bound value then matches what the SQL literal matched)
    doubled: str = ""  # the quote a ``.replace("'", "''")`` doubled: safe only inside a literal of that quote

    @property
    def stored(self) -> bool:
        """Read from the database (a second-order value: injectable only if it is text)."""
        return self.source.startswith(("a row read from the database", "a value read from the database"))


def _safe(reason: str, sample: str = "1") -> Origin:
    return Origin(reason, sample)


class Provenance:
    """Origins of the expressions of one function (or module) body."""

    def __init__(self, flow: FunctionFlow, constants: ModuleConstants, file) -> None:
        self.flow = flow
        self.constants = constants
        self.file = file  # the SqlFile: other functions of the module, quoting functions, roles
        self.builder = None  # the TemplateBuilder of the same function (string-building values)
        self._busy: set[int] = set()

    @property
    def function_name(self) -> str:
        scope = self.flow.scope
        return scope.name.value if isinstance(scope, cst.FunctionDef) else ""

    # -- the entry point -----------------------------------------------------------------
    def origin(self, expr: cst.BaseExpression, order: float, spec: str = "", depth: int = 0) -> Origin:
        conversion = spec.lstrip("%:!")[-1:] if spec else ""
        if spec and conversion in NUMERIC_SPECS and not spec.startswith("!"):
            return _safe("number")
        if depth > MAX_DEPTH or id(expr) in self._busy:
            return Origin()
        self._busy.add(id(expr))
        try:
            return self._origin(expr, order, depth)
        finally:
            self._busy.discard(id(expr))

    def _origin(self, expr: cst.BaseExpression, order: float, depth: int) -> Origin:
        if isinstance(expr, cst.Await):
            expr = expr.expression  # what the coroutine returns: ``await quote_identifier(conn, name)``
        text = self.constants.constant_text(expr, self.flow)
        if text is not None:
            return _safe("constant", text)
        if isinstance(expr, cst.Name):
            checked = self._checked(expr.value, order, depth)
            if checked is not None:
                return checked
            return self._local(expr, order, depth)
        if isinstance(expr, cst.Call) and callee_name(expr) == "format" and isinstance(expr.func, cst.Attribute) \
                and self.constants.constant_text(expr.func.value, self.flow) is not None:
            return self._built(expr, order, depth)  # "... {id}".format(id=id): safe when its holes are
        if isinstance(expr, cst.Call):
            return self._call(expr, order, depth)
        if isinstance(expr, (cst.Attribute, cst.Subscript)):
            return self._member(expr, order, depth)
        repeated = _repeated(expr)
        if repeated is not None:  # [row] * n: n copies of row
            return self.origin(repeated, order, depth=depth + 1)
        if isinstance(expr, cst.UnaryOperation):
            return self.origin(expr.expression, order, depth=depth + 1)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Subtract)) \
                and (self._temporal(expr.left, order, depth) or self._temporal(expr.right, order, depth)):
            return _safe("generated")  # date ± timedelta: a date (or a TypeError)
        if isinstance(expr, cst.BinaryOperation) and not isinstance(expr.operator, (cst.Add, cst.Modulo)):
            return self._all(((expr.left, order), (expr.right, order)), depth, numeric=True)
        if isinstance(expr, cst.IfExp):
            return self._all(((expr.body, order), (expr.orelse, order)), depth)
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)) and not any(
                isinstance(e, cst.StarredElement) for e in expr.elements):
            return self._all(((e.value, order) for e in expr.elements), depth)  # [obj.pk]: safe when its elements are
        if isinstance(expr, (cst.FormattedString, cst.BinaryOperation, cst.ConcatenatedString)):
            return self._built(expr, order, depth)
        return Origin()

    def _all(self, parts, depth: int, numeric: bool = False) -> Origin:
        """Safe when every part is (arithmetic: a number when the parts are). The parts are
        subexpressions: following them spends no depth (names they hold do)."""
        found = [self.origin(expr, order, depth=depth) for expr, order in parts]
        if not found:
            return _safe("constant", "x")  # no part at all: []
        unsafe = next((o for o in found if not o.safe), None)
        if unsafe is not None:
            return unsafe
        if numeric and all(o.safe in ("number", "constant") for o in found):
            return _safe("number")
        return found[-1]

    def _built(self, expr: cst.BaseExpression, order: float, depth: int) -> Origin:
        """A string built here (f-string, ``+``, ``%``) is safe when all its holes are."""
        templates = self.builder.build(expr, order, depth=depth + 1) if self.builder is not None else None
        if not templates and isinstance(expr, cst.BinaryOperation):  # idx + 1: no text, arithmetic
            return self._all(((expr.left, order), (expr.right, order)), depth, numeric=True)
        if not templates:
            return Origin()
        for template in templates:
            unsafe = next((h for h in template.holes if not h.origin.safe), None)
            if unsafe is not None:
                return Origin(source=unsafe.origin.source, text=True)
        sample = "".join(p if isinstance(p, str) else p.origin.sample for p in templates[0].parts)
        return _safe("derived", sample)

    # -- names -----------------------------------------------------------------------------
    def _executed(self, expr: cst.BaseExpression, order: float, depth: int) -> bool:
        """Whether ``expr`` is the result of running a statement: ``conn.execute(...)``, a chain of result
        methods on one (``.mappings()``), or a local name bound to one of those on every path."""
        if depth > MAX_DEPTH:
            return False
        if _execute_call(expr):
            return True
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and callee_name(expr) in SA.result_reads:
            return self._executed(expr.func.value, order, depth + 1)
        if isinstance(expr, cst.Name):
            bindings = self.flow.reaching(expr.value, order)
            return bool(bindings) and all(b.kind == "set" and b.value is not None
                                          and self._executed(b.value, b.order, depth + 1) for b in bindings)
        return False

    def _local(self, expr: cst.Name, order: float, depth: int) -> Origin:
        """A local name is safe when every binding reaching the use is."""
        bindings = self.flow.reaching(expr.value, order)
        if not bindings:
            return Origin(source=self._module_name(expr.value))
        found = None
        for binding in bindings:
            found = self._binding(expr.value, binding, depth)
            if not found.safe:
                return found
        return found

    def _binding(self, name: str, binding: Binding, depth: int) -> Origin:
        if binding.kind == "param":
            return self._parameter(name, binding, depth)
        if binding.kind == "for":
            return self._item(binding, depth)
        node = binding.node
        if binding.kind == "unknown" and isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) \
                and callee_name(node.value) in COMPILED_SQL_CALLS:
            return _safe("compiled", "compiled_sql")  # sql, params = queryset.query.sql_with_params()
        if binding.kind in ("set", "aug", "append", "extend") and binding.value is not None:
            found = self.origin(binding.value, binding.order, depth=depth + 1)
            if not found.safe and binding.annotation is not None:
                typed = self._annotation(binding.annotation)
                if typed is not None:
                    return typed
            return found
        if binding.kind == "declare" and binding.annotation is not None:
            return self._annotation(binding.annotation) or Origin()
        return Origin()

    def _module_name(self, name: str) -> str:
        return f"module variable `{name}`" if name in self.constants.values else ""

    def _parameter(self, name: str, binding: Binding, depth: int) -> Origin:
        typed = self._annotation(binding.annotation) if binding.annotation is not None else None
        if typed is not None:
            return typed
        scope = self.flow.scope
        callers = self.file.callers(scope, name, depth) if isinstance(scope, cst.FunctionDef) else None
        if callers is not None:
            return callers
        text = _is_str(binding.annotation)
        where = f" of `{self.function_name}`" if self.function_name else ""
        return Origin(source=f"parameter `{name}`{where}", text=text)

    def _annotation(self, annotation: cst.BaseExpression | None) -> Origin | None:
        """A numeric, enum or ``Literal[...]`` annotation makes a value safe."""
        if isinstance(annotation, cst.Subscript):
            head = (dotted_name(annotation.value) or "").rsplit(".", 1)[-1]
            inner = [e.slice.value for e in annotation.slice if isinstance(e.slice, cst.Index)]
            if head == "Literal" and inner and all(self.constants.constant_text(v) is not None for v in inner):
                return _safe("constant", self.constants.constant_text(inner[0]) or "x")
            if head in ("Optional", "Annotated", "ClassVar", "Final") and inner:
                return self._annotation(inner[0])
            if head == "Union" and inner and all(self._annotation(v) or _is_none(v) for v in inner):
                return _safe("number")
            return None
        if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
            sides = (annotation.left, annotation.right)
            if all(self._annotation(s) or _is_none(s) for s in sides):
                return next(self._annotation(s) for s in sides if not _is_none(s))
            return None
        name = (dotted_name(annotation) or "").rsplit(".", 1)[-1]
        if name in SAFE_TYPES:
            return _safe("number")
        cls = self.constants.classes.get(name)
        if cls is not None and is_enum(cls):
            return _safe("constant", "x")
        qualified = self.file.imports.qualify(annotation) if cls is None else None
        if qualified and is_enum_class(qualified, self.file.ctx.index.models):
            return _safe("constant", "x")  # an enum of another module: its values are the members'
        return None

    def _element_annotation(self, annotation: cst.BaseExpression | None) -> Origin | None:
        """``list[int]``, ``Sequence[UUID]``: the annotation of each element."""
        if isinstance(annotation, cst.Subscript):
            head = (dotted_name(annotation.value) or "").rsplit(".", 1)[-1]
            inner = [e.slice.value for e in annotation.slice if isinstance(e.slice, cst.Index)]
            if head in ("Optional",) and inner:
                return self._element_annotation(inner[0])
            if head in CONTAINERS and inner:
                return self._annotation(inner[0])
        return None

    def _item(self, binding: Binding, depth: int) -> Origin:
        """A loop target: what iterating ``binding.value`` hands out."""
        iterable = binding.value
        if isinstance(iterable, cst.Call) and callee_name(iterable) == "range":
            return _safe("number")
        if isinstance(iterable, cst.Call) and callee_name(iterable) == "enumerate" and iterable.args:
            if binding.index == 0:
                return _safe("number")
            if binding.index == 1:
                return self._elements(iterable.args[0].value, binding.order, depth)
            return Origin()
        view = callee_name(iterable) if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Attribute) \
            and not iterable.args else ""
        if view == "items" and binding.index in (0, 1) or view == "values" and binding.index is None:
            found = self._dict_parts(iterable.func.value, "key" if binding.index == 0 else "value", binding.order, depth)
            if found is not None:
                return found if found.safe or found.source else Origin(source=_described(iterable, "an item of"))
        if binding.index is not None:
            if self.constants.is_constant_collection(iterable, self.flow):
                return _safe("constant", "x")
            rows = self._elements(iterable, binding.order, depth)
            if rows.safe == "configuration":
                return rows  # for name, table in cursor: rows of the catalogs, each part a name of the schema
            return Origin(source=_described(iterable, "an item of"))
        return self._elements(iterable, binding.order, depth)

    def _dict_parts(self, mapping: cst.BaseExpression, part: str, order: float, depth: int) -> Origin | None:
        """The keys or values of a dict written out: a local one (``severities = {"high": ...}``), or the one
        every call of the module passes for a parameter of a function only the module calls; None otherwise."""
        dicts: list[tuple[cst.BaseExpression, Provenance, float]] = []
        bindings = (self.flow.reaching(mapping.value, order) or []) if isinstance(mapping, cst.Name) else []
        if bindings and all(b.kind == "set" for b in bindings):
            dicts = [(b.value, self, b.order) for b in bindings]
        elif len(bindings) == 1 and bindings[0].kind == "param" and isinstance(self.flow.scope, cst.FunctionDef) \
                and depth < MAX_DEPTH:
            dicts = [(value, self.file.analysis(scope)[1], at)
                     for value, scope, at in self.file.passed(self.flow.scope, mapping.value) or []]
        if not dicts or not all(isinstance(d, cst.Dict) and all(isinstance(e, cst.DictElement) for e in d.elements)
                                for d, _, _ in dicts):
            return None
        found = _safe("constant", "x")
        for literal, provenance, at in dicts:
            for element in literal.elements:
                found = provenance.origin(getattr(element, part), at, depth=depth + 1)
                if not found.safe:
                    return found
        return found

    def _elements(self, iterable: cst.BaseExpression, order: float, depth: int) -> Origin:
        """What each element of ``iterable`` is."""
        if self.constants.is_constant_collection(iterable, self.flow) or self._literal_keys(iterable, order):
            return _safe("constant", "x")
        if self._hands_out_server_state(iterable, order):
            return _safe("configuration", "x")  # rows of pg_class, information_schema: the schema's own names
        if isinstance(iterable, (cst.List, cst.Tuple, cst.Set)):
            return self._all(((e.value, order) for e in iterable.elements), depth)
        if _repeated(iterable) is not None:
            return self.origin(_repeated(iterable), order, depth=depth + 1)
        if isinstance(iterable, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return self.origin(iterable.elt, order, depth=depth + 1)
        sides = _combined(iterable)
        if sides is not None:  # a | b, a + b, a if c else b: the elements of either
            found = [self._elements(side, order, depth) for side in sides]
            return next((o for o in found if not o.safe), found[-1])
        if isinstance(iterable, cst.Call) and callee_name(iterable) in COLLECTION_CALLS and not iterable.args:
            return _safe("constant", "x")  # set(): no element at all
        if isinstance(iterable, cst.Call) and callee_name(iterable) in ("range",):
            return _safe("number")
        if isinstance(iterable, cst.Call) and callee_name(iterable) in ("sorted", "reversed", "set", "list", "tuple") \
                and iterable.args:
            return self._elements(iterable.args[0].value, order, depth)  # a subexpression: no depth spent
        if isinstance(iterable, cst.Call) and callee_name(iterable) == "map" and len(iterable.args) == 2 \
                and isinstance(iterable.args[0].value, cst.Name):  # map(str, ids): what str() makes of each
            mapped = iterable.args[0].value.value
            if mapped in NUMERIC_CALLS:
                return _safe("number")
            if mapped == "str":
                return self._elements(iterable.args[1].value, order, depth)
        if isinstance(iterable, cst.Name) and depth < MAX_DEPTH:
            bindings = self.flow.reaching(iterable.value, order) or []
            if len(bindings) == 1 and bindings[0].kind == "param":
                typed = self._element_annotation(bindings[0].annotation)
                if typed is not None:
                    return typed
            if bindings and all(b.kind == "for" for b in bindings) \
                    and self._local(iterable, order, depth + 1).safe == "constant":
                return _safe("constant", "x")  # for table, columns in FIELDS: a constant's parts are constants
            if bindings and all(b.kind == "set" and b.value is not None for b in bindings):
                found = [self._elements(b.value, b.order, depth + 1) for b in bindings]
                return next((o for o in found if not o.safe), found[-1])
            if bindings and all(b.kind in ("set", "append", "extend") and b.value is not None for b in bindings):
                parts = [(b.value, b.order) for b in bindings if b.kind == "append"]
                if all(isinstance(b.value, (cst.List, cst.Tuple)) and not b.value.elements
                       for b in bindings if b.kind == "set") and parts:
                    return self._all(parts, depth)
        if _ids_listed(iterable):
            return _safe("generated")
        if _model_fields(iterable):
            return _safe("schema", "field")  # the fields a model class declares in code
        whole = self.origin(iterable, order, depth=depth + 1)
        if whole.safe:
            return whole  # a collection safe as a whole (built of safe elements, configuration): so is each element
        if _reads_database(iterable):
            return Origin(source="a row read from the database")
        return Origin(source=_described(iterable, "an item of"))

    def _literal_keys(self, iterable: cst.BaseExpression, order: float) -> bool:
        """``d.keys()`` or ``for k in d`` of a local dict literal whose keys are constants."""
        iterable = mapping_of_keys(iterable)
        if not isinstance(iterable, cst.Name):
            return False
        bindings = self.flow.reaching(iterable.value, order) or []
        return bool(bindings) and all(
            b.kind == "set" and isinstance(b.value, cst.Dict) and all(
                isinstance(e, cst.DictElement) and self.constants.constant_text(e.key) is not None
                for e in b.value.elements) for b in bindings)

    # -- checks ----------------------------------------------------------------------------
    def _checked(self, name: str, order: float, depth: int) -> Origin | None:
        """A check in force at the use proves the value safe: membership in a constant collection
        (its reset default safe too), a regular expression or ``str`` method that refuses quotes, a
        validating parser that returned (``ZoneInfo(tz)``, ``UUID(x)``), an ordering against a number
        (``if x > 0:``: text would have raised)."""
        for check in self.flow.checks_of(name, order):
            if self._proves(check) and (check.default is None or self.origin(check.default, check.order,
                                                                               depth=depth + 1).safe):
                return _safe("checked", name)
        return None

    def _proves(self, check: Check) -> bool:
        if check.kind == "member":
            return self.constants.is_constant_collection(check.against, self.flow)
        if check.kind in ("method", "ordered"):
            return True  # isdigit(), isidentifier(), isalnum(): no quote, no space; x > 0: a number
        if check.kind == "call":
            return callee_name(check.against) in VALIDATING_PARSERS  # ZoneInfo(tz) returned: tz is a zone key
        call = check.against
        pattern_arg = call.args[0].value if isinstance(call.func, cst.Name) or dotted_name(call.func) in (
            "re.fullmatch", "re.match", "regex.fullmatch") else call.func.value
        pattern = self._pattern(pattern_arg)
        if pattern is None:
            return False
        anchored = callee_name(call) == "fullmatch" or pattern.pattern.endswith(("$", "\\Z"))
        return anchored and not any(pattern.search(probe) if not anchored else pattern.fullmatch(probe)
                                    for probe in _PROBES)

    def _pattern(self, expr: cst.BaseExpression) -> re.Pattern | None:
        if isinstance(expr, cst.Call) and callee_name(expr) == "compile" and expr.args:
            expr = expr.args[0].value  # re.compile(r"...")
        elif isinstance(expr, cst.Name) and expr.value in self.constants.values:
            values = self.constants.values[expr.value]
            if len(values) == 1 and isinstance(values[0], cst.Call) and callee_name(values[0]) == "compile" \
                    and values[0].args:
                expr = values[0].args[0].value
        text = self.constants.constant_text(expr, self.flow)
        try:
            return re.compile(text) if text is not None else None
        except re.error:
            return None

    # -- calls and members -------------------------------------------------------------------
    def _call(self, call: cst.Call, order: float, depth: int) -> Origin:
        callee = callee_name(call)
        args = [a.value for a in call.args if not a.star]
        if callee in ("str", "format") and isinstance(call.func, cst.Name) and len(args) >= 1:
            found = self.origin(args[0], order, depth=depth + 1)
            return found if found.safe else Origin(source=found.source, text=True)
        if callee in NUMERIC_CALLS:
            return _safe("number")
        if callee in NUMERIC_AGGREGATES and args:
            return self._all(((a, order) for a in args), depth, numeric=True)
        if callee in GENERATED_CALLS or callee in VALIDATING_PARSERS or self._temporal(call, order, depth) \
                or self.file.imports.qualify(call.func) in VALIDATING_LIBRARY_PARSERS:
            return _safe("generated")
        if callee in SLUG_CALLS:
            return _safe("slug", "a_slug")
        if _ids_listed(call):
            return _safe("generated")  # values_list("id", flat=True): keys
        if callee in COMPILED_SQL_CALLS and isinstance(call.func, cst.Attribute):
            return _safe("compiled", "compiled_sql")  # (sql, params) compiled by the ORM: where.as_sql(...)
        if self._quotes(call, callee):
            return _safe("quoted", "quoted_name")
        if callee == "join" and len(call.args) == 1 and self.builder is not None:
            if self.builder.is_placeholder_join(call):
                sep = self.constants.constant_text(call.func.value, self.flow) or ","
                element = self.builder.join_element(call) or "?"
                return _safe("placeholders", f"{element}{sep}{element}")
            element = self._elements(call.args[0].value, order, depth + 1)
            return element if element.safe else Origin(source=element.source, text=True)
        if isinstance(call.func, cst.Attribute):
            option = self._command_option(call.func.value, args[0], order) if callee == "get" and args else None
            if option is not None:
                return option
            if callee in TEXT_METHODS or callee == "replace" and not _doubles_quote(call, self.constants):
                return self.origin(call.func.value, order, depth=depth + 1)
            if callee == "replace":  # escaped for one kind of quote: the SQL around the hole decides (check.py)
                base = self.origin(call.func.value, order, depth=depth + 1)
                return base if base.safe else Origin("quoted", "quoted_name", base.source, base.text,
                                                     doubled=self.constants.constant_text(call.args[0].value) or "'")
            if callee in FETCH_METHODS and self._reads_server_state(call.func.value, order):
                return _safe("configuration", "x")  # SHOW x; SELECT current_database(): set by the administrator
            if callee in FETCH_METHODS or _reads_database(call):
                return Origin(source="a value read from the database")
            if callee in SA.result_reads and self._executed(call.func.value, order, depth):
                return Origin(source="a value read from the database")  # rs.first() after rs = conn.execute(...)
        qualified = self.file.imports.qualify(call.func) or dotted_name(call.func) or ""
        if qualified.startswith(CONFIGURATION):
            return _safe("configuration", "x")
        if "." in qualified and project_sql(self.file.ctx.index).returns_code_name(qualified):
            return _safe("schema", "name")  # a function of another module returning a class or table name
        if "." in qualified and project_sql(self.file.ctx.index).returns_date(qualified):
            return _safe("generated")  # getCurrentDate() of another module, every return a date: no quote
        if _from_request(call):
            return Origin(source="request data", text=True)
        returned = self.file.returns(call, self.flow.scope, depth)
        if returned is not None:
            return returned
        if isinstance(call.func, cst.Name) and args and depth < MAX_DEPTH and all(
                not a.star and self.origin(a.value, order, depth=depth + 1).safe for a in call.args):
            return _safe("derived")  # a function of constants and generated values only: http_date(now_utc())
        return Origin(source=f"the result of `{_short(call.func)}()`")

    def _reads_server_state(self, cursor: cst.BaseExpression, order: float) -> bool:
        """Whether the rows ``cursor`` hands out are the server's state: the SQL it last ran before ``order``
        (``cur.execute("SHOW x").fetchone()``, or ``cursor.execute(...)`` on a statement of its own) is
        a ``SHOW`` or selects server-information functions only."""
        if isinstance(cursor, cst.Call) and callee_name(cursor) in EXECUTE_METHODS and cursor.args:
            executed = cursor
        elif isinstance(cursor, cst.Name):
            executed = self._last_run(cursor.value, order)
        else:
            return False
        text = self.constants.constant_text(executed.args[0].value, self.flow) if executed is not None else None
        return text is not None and (SERVER_STATE_SQL.fullmatch(text) is not None or _reads_catalogs_only(text))

    def _hands_out_server_state(self, iterable: cst.BaseExpression, order: float) -> bool:
        """``for row in cursor`` or ``cursor.fetchall()`` after a statement that reads the server's state or
        its catalogs only: each row names the schema's objects or settings."""
        if isinstance(iterable, cst.Call) and callee_name(iterable) in FETCH_METHODS \
                and isinstance(iterable.func, cst.Attribute):
            return self._reads_server_state(iterable.func.value, order)
        return isinstance(iterable, cst.Name) and self._reads_server_state(iterable, order)

    def _last_run(self, cursor: str, order: float) -> cst.Call | None:
        """The last ``cursor.execute(...)`` statement before ``order``."""
        last, found = 0.0, None
        for node, ancestors in walk_scope(self.flow.scope):
            if isinstance(node, cst.Call) and callee_name(node) in EXECUTE_METHODS and node.args \
                    and isinstance(node.func, cst.Attribute) and dotted_name(node.func.value) == cursor:
                statement = next((a for a in reversed(ancestors) if isinstance(a, cst.SimpleStatementLine)), None)
                at = self.flow.order_of(statement) if statement is not None else order
                if last < at < order:
                    last, found = at, node
        return found

    def _temporal(self, expr: cst.BaseExpression, order: float, depth: int) -> bool:
        """A date, time or timedelta: made by their constructors, ``now()``, ``d.replace(hour=0)``, their
        text methods with a format holding no quote, or arithmetic with one of them."""
        if isinstance(expr, cst.Call):
            callee = callee_name(expr)
            if makes_date(expr, callee):
                return True
            return callee in TEMPORAL_TEXT and isinstance(expr.func, cst.Attribute) and all(
                "'" not in (self.constants.constant_text(a.value, self.flow) or "'") for a in expr.args)
        if isinstance(expr, cst.Name) and depth < MAX_DEPTH:
            bindings = self.flow.reaching(expr.value, order) or []
            return bool(bindings) and all(b.kind in ("set", "aug") and b.value is not None
                                          and self._temporal(b.value, b.order, depth + 1) for b in bindings)
        return isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Subtract)) and (
            self._temporal(expr.left, order, depth) or self._temporal(expr.right, order, depth))

    def _quotes(self, call: cst.Call, callee: str) -> bool:
        """A call of a quoting function: one the drivers and ORMs (or the configuration) name, or a
        project helper whose name says it quotes or escapes (``quote_literal``, ``escape_sql``)."""
        if callee in self.file.quoting:
            return True
        qualified = self.file.imports.qualify(call.func) or ""
        if qualified.split(".")[0] in LIBRARY_PACKAGES:
            return False
        lowered = callee.lower()
        return any(word in lowered for word in QUOTING_WORDS)

    def _command_option(self, options: cst.BaseExpression, key: cst.BaseExpression, order: float) -> Origin | None:
        """``options["jt"]``/``options.get("jt")`` in a Django command's ``handle(self, *args, **options)``
        whose ``add_arguments`` declares the option with a converting ``type`` (``int``, ``float``,
        ``UUID``), constant ``choices`` or an action storing a constant: argparse refuses other text."""
        scope = self.flow.scope
        star = scope.params.star_kwarg if isinstance(scope, cst.FunctionDef) else None
        name = self.constants.constant_text(key)
        if not (isinstance(star, cst.Param) and scope.name.value in COMMANDS.django_command_methods
                and isinstance(options, cst.Name) and options.value == star.name.value and name is not None):
            return None
        if any(b.kind != "param" for b in self.flow.reaching(options.value, order) or []):
            return None  # options rebound in handle()
        declaring = self.file.sibling(scope, COMMANDS.django_arguments_method)
        for node in scope_nodes(declaring) if declaring is not None else ():
            if isinstance(node, cst.Call) and callee_name(node) == COMMANDS.argument_method \
                    and _option_dest(node, self.constants) == name:
                return self._declared(node)
        return None

    def _declared(self, argument: cst.Call) -> Origin | None:
        """What argparse hands out for one ``add_argument(...)``, when it cannot be free text."""
        given = {a.keyword.value: a.value for a in argument.args if a.keyword is not None}
        if "default" in given and self.constants.constant_text(given["default"]) is None:
            return None
        converted = isinstance(given.get("type"), cst.Name) and given["type"].value in NUMERIC_CALLS | VALIDATING_PARSERS
        if converted or self.constants.constant_text(given.get("action", cst.Name("None"))) in COMMANDS.constant_actions:
            return _safe("number")
        if "choices" in given and self.constants.is_constant_collection(given["choices"], None):
            return _safe("checked", "x")
        return None

    def _project_configuration(self, dotted: str) -> bool:
        """``Config.db.journal_mode`` with ``Config`` imported: a value of the project's configuration object
        (by its conventional name), which its operator sets, as Django's ``settings``."""
        root = dotted.split(".")[0]
        return root in CONFIGURATION_OBJECTS and "." in dotted and self.file.imports.qualify(cst.Name(root)) is not None

    def _member(self, expr: cst.Attribute | cst.Subscript, order: float, depth: int) -> Origin:
        if isinstance(expr, cst.Attribute) and code_attribute(expr):
            return _safe("schema", expr.attr.value)
        if isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Attribute) and code_attribute(expr.value):
            return _safe("schema", "name")
        dotted = dotted_name(expr.value if isinstance(expr, cst.Subscript) else expr) or ""
        if dotted.startswith(CONFIGURATION) or _configured(expr) or self._project_configuration(dotted):
            return _safe("configuration", "x")
        if _from_request(expr):
            return Origin(source="request data", text=True)
        option = self._command_option(expr.value, expr.slice[0].slice.value, order) \
            if isinstance(expr, cst.Subscript) and isinstance(expr.slice[0].slice, cst.Index) else None
        if option is not None:
            return option
        if isinstance(expr, cst.Attribute) and expr.attr.value in ID_ATTRIBUTES:
            return _safe("generated")
        entry = self._literal_entry(expr, order) if depth < MAX_DEPTH else None
        if entry is not None:
            return self.origin(entry[0], entry[1], depth=depth + 1)  # query_dict["user_id"]: what the literal holds
        base = self.origin(expr.value, order, depth=depth + 1)
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "cls":
            return _safe("constant", "x")  # a class attribute: set in a class body, shared by every caller
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self":
            if self.constants.is_constant_collection(expr, self.flow):
                return _safe("constant", "x")  # handle_types = ["TUTORIAL", "ARTICLE"] in the class body
            if self.file.counter_attribute(self.flow.scope, expr.attr.value):
                return _safe("number")  # self.page = 1 ... self.page += 1
            if self.file.constructor_constant(self.flow.scope, expr.attr.value):
                return _safe("constant", "x")  # self.name = name in __init__; every construction passes a literal
            typed = self.file.class_annotation(self.flow.scope, expr.attr.value)
            if typed is not None:
                return self._annotation(typed) or Origin(source=f"attribute `{dotted}`")
            return Origin(source=f"attribute `{dotted}`")
        if base.safe in ("number", "generated", "constant", "quoted", "checked", "configuration", "compiled"):
            return base
        if base.safe == "schema" and isinstance(expr, cst.Attribute):
            return _safe("schema", expr.attr.value)  # ``field.name`` of a model's declared field
        if not base.safe and base.source:
            if base.stored:
                return Origin(source="a value read from the database")
            return Origin(source=base.source, text=base.text)
        return Origin()


    def _literal_entry(self, expr: cst.Attribute | cst.Subscript, order: float) -> tuple[cst.BaseExpression, float] | None:
        """``d["key"]`` of a local name bound once to a dict literal written with that key, whose items the function
        never sets: the entry's value, and where it was bound."""
        if not (isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Name) and len(expr.slice) == 1
                and isinstance(expr.slice[0].slice, cst.Index)):
            return None
        key = self.constants.constant_text(expr.slice[0].slice.value, self.flow)
        bindings = self.flow.reaching(expr.value.value, order) or []
        if key is None or len(bindings) != 1 or bindings[0].kind != "set" or not isinstance(bindings[0].value, cst.Dict) \
                or not all(isinstance(e, cst.DictElement) for e in bindings[0].value.elements):
            return None  # {**defaults, "a": 1}: what the spread holds is not written here
        name = expr.value.value
        if any(isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Subscript)
               and dotted_name(n.target.value) == name for n in scope_nodes(self.flow.scope)):
            return None  # d["key"] = ... somewhere: not only what the literal holds
        found = [e.value for e in bindings[0].value.elements if self.constants.constant_text(e.key, self.flow) == key]
        return (found[-1], bindings[0].order) if found else None


def _is_none(annotation: cst.BaseExpression) -> bool:
    return isinstance(annotation, cst.Name) and annotation.value == "None"


def _is_str(annotation: cst.BaseExpression | None) -> bool:
    if isinstance(annotation, cst.Subscript) and (dotted_name(annotation.value) or "").endswith("Optional"):
        inner = annotation.slice[0].slice
        return isinstance(inner, cst.Index) and _is_str(inner.value)
    if isinstance(annotation, cst.BinaryOperation):
        return _is_str(annotation.left) and _is_none(annotation.right) or _is_none(annotation.left) and _is_str(
            annotation.right)
    return isinstance(annotation, cst.Name) and annotation.value == "str"


_META_FIELD_LISTS = frozenset({"fields", "concrete_fields", "local_fields", "local_concrete_fields", "many_to_many",
                               "get_fields", "private_fields", "related_objects"})


def _model_fields(iterable: cst.BaseExpression) -> bool:
    """``model._meta.fields``, ``Model._meta.get_fields()``: Django's field objects of a model class."""
    node = iterable.func if isinstance(iterable, cst.Call) and not iterable.args else iterable
    return isinstance(node, cst.Attribute) and node.attr.value in _META_FIELD_LISTS \
        and isinstance(node.value, cst.Attribute) and node.value.attr.value == "_meta"


def _from_request(expr: cst.BaseExpression) -> bool:
    """``request.GET[...]``, ``request.args.get(...)``, ``self.request.POST``: data of the HTTP request."""
    node = expr
    while isinstance(node, (cst.Call, cst.Subscript, cst.Attribute)):
        node = node.func if isinstance(node, cst.Call) else node.value
        dotted = dotted_name(node) or ""
        if dotted in REQUEST_ROOTS:
            return True
    return False


def _option_dest(argument: cst.Call, constants: ModuleConstants) -> str | None:
    """The key argparse stores an ``add_argument(...)`` under: ``dest=``, else the first long option
    (``--dry-run``: ``dry_run``), else the positional name or the first short option."""
    for arg in argument.args:
        if arg.keyword is not None and arg.keyword.value == "dest":
            return constants.constant_text(arg.value)
    flags = [constants.constant_text(a.value) for a in argument.args if a.keyword is None]
    flags = [f for f in flags if f]
    chosen = next((f for f in flags if f.startswith("--")), flags[0] if flags else None)
    return chosen.lstrip("-").replace("-", "_") if chosen else None


def _configured(expr: cst.BaseExpression) -> bool:
    """``connection.settings_dict["NAME"]``: read from a connection's configuration."""
    node = expr
    while isinstance(node, (cst.Subscript, cst.Attribute)):
        if isinstance(node, cst.Attribute) and node.attr.value in CONFIGURATION_ATTRIBUTES:
            return True
        node = node.value
    return False


def _execute_call(expr: cst.BaseExpression) -> bool:
    """``conn.execute(...)``, ``session.execute(...)``: a call that runs a statement and hands back its result."""
    return isinstance(expr, cst.Call) and callee_name(expr) in SA.session_results


def _reads_catalogs_only(sql: str) -> bool:
    """A single query whose every table is a system catalog (``pg_class``, ``information_schema.columns``,
    ``sqlite_master``; the query's own CTEs aside): its rows are the schema's names, not users' data."""
    statements = parse_sql(sql, "postgres")
    if statements is None or len(statements) != 1 or not isinstance(statements[0], (exp.Select, exp.Union)):
        return False
    ctes = {cte.alias_or_name for cte in statements[0].find_all(exp.CTE)}
    tables = [t for t in statements[0].find_all(exp.Table) if t.name not in ctes]
    return bool(tables) and all(t.db in CATALOG_SCHEMAS or not t.db and t.name.startswith(CATALOG_TABLE_PREFIXES)
                                for t in tables)


def _reads_database(expr: cst.BaseExpression) -> bool:
    """A call chain that fetches rows (``cursor.fetchall()``, ``conn.execute(...).fetchone()``)."""
    node = expr
    while isinstance(node, (cst.Call, cst.Attribute, cst.Subscript, cst.Await)):
        if isinstance(node, cst.Call) and callee_name(node) in FETCH_METHODS:
            return True
        node = node.expression if isinstance(node, cst.Await) else node.func if isinstance(node, cst.Call) \
            else node.value
    return False


def _repeated(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """The element of a repeated one-element list or tuple: ``[row] * n``, ``n * (row,)``."""
    if not (isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Multiply)):
        return None
    for side in (expr.left, expr.right):
        if isinstance(side, (cst.List, cst.Tuple)) and len(side.elements) == 1 \
                and not isinstance(side.elements[0], cst.StarredElement):
            return side.elements[0].value
    return None


def _combined(expr: cst.BaseExpression) -> tuple[cst.BaseExpression, ...] | None:
    """The collections whose elements make up ``expr``: ``a | b``, ``a & b``, ``a - b``, ``a + b``,
    ``a if c else b``."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(
            expr.operator, (cst.BitOr, cst.BitAnd, cst.BitXor, cst.Subtract, cst.Add)):
        return expr.left, expr.right
    if isinstance(expr, cst.IfExp):
        return expr.body, expr.orelse
    return None


def _ids_listed(expr: cst.BaseExpression) -> bool:
    """``queryset.values_list("id", flat=True)``: primary or foreign keys, one per element."""
    if not (isinstance(expr, cst.Call) and callee_name(expr) == "values_list" and len(expr.args) == 2):
        return False
    field, flat = expr.args
    name = field.value.evaluated_value if isinstance(field.value, cst.SimpleString) else ""
    return (name in ID_ATTRIBUTES or name.endswith("_id")) and flat.keyword is not None \
        and flat.keyword.value == "flat" and isinstance(flat.value, cst.Name) and flat.value.value == "True"


def _doubles_quote(call: cst.Call, constants: ModuleConstants) -> bool:
    """``value.replace('"', '""')``: the identifier or literal quote is escaped by doubling."""
    if len(call.args) != 2:
        return False
    old = constants.constant_text(call.args[0].value)
    new = constants.constant_text(call.args[1].value)
    return old in ('"', "'", "`") and new == old * 2


def _short(expr: cst.BaseExpression) -> str:
    text = " ".join(cst.Module([]).code_for_node(expr).split())
    return text if len(text) <= 40 else "…" + text[-39:]


def _described(expr: cst.BaseExpression, what: str) -> str:
    return f"{what} `{_short(expr)}`"
