"""Index facts for raw SQL: project helpers that run a parameter as SQL, and module-level handles.

A helper such as ``def fetch_all(sql, params=None): with connection.cursor() as c:
c.execute(sql, params)`` turns its callers' SQL into a sink one call away; the index pass
records which parameter reaches which sink (one level: the helper must run the SQL itself),
with the sink's paramstyle and the parameter that carries the bound values on. Module-level
names bound to a database handle (``db = SqliteDatabase(...)``, ``engine = create_engine(...)``)
are recorded so that a module importing them knows what they are.
"""

from __future__ import annotations

import re

import libcst as cst

from ormlint.index.constants import bound_once
from ormlint.index.derived import derived_table
from ormlint.index.facts import SqlBuilderFact, SqlHandleFact, SqlHelperFact, SqlText
from ormlint.index.sql_sinks import (
    APP_HELD, RETURNED, SINK_FUNCTIONS, SINK_METHODS, Receiver, SinkResolver, app_key, sql_argument,
)
from ormlint.orms import ORMS
from ormlint.orms.sqlalchemy import SA
from ormlint.syntax.flow import FunctionFlow, all_params
from ormlint.syntax.literals import is_literal_constant
from ormlint.syntax.literals import string_value as _string
from ormlint.syntax.names import ImportTable, decorated_with, dotted_name, dotted_suffixes
from ormlint.syntax.temporal import returns_dates
from ormlint.syntax.walk import descendants, scope_nodes, walk_scope

HINTS = ("execute", "raw(", "RawSQL", "read_sql", "fetch", "SQL(", "text(", "Database(", "connect(", "create_pool",
         "create_engine", "SQLAlchemy(", "sessionmaker")
_PARAMS_KEYWORDS = ("params", "parameters", "args", "vars", "values")
_TEXT_NAMES = frozenset(n for names in SA.text for n in names.names)
SCHEMA_ATTRIBUTES = frozenset(name for spec in ORMS for name in spec.schema_attributes)
# Names a program writes in its code: a class's or function's own name, a model's as its Meta declares it.
CODE_NAMES = frozenset({"__name__", "__qualname__"})
META_NAMES = frozenset({"db_table", "model_name", "app_label", "pk", "column", "object_name"})
_NAME_KEEPING = frozenset({"lower", "upper", "title", "capitalize", "casefold", "strip"})  # a name stays a name


def extract_sql_facts(module: cst.Module, module_name: str,
                      imports: ImportTable) -> tuple[tuple[SqlHelperFact, ...], tuple[SqlHandleFact, ...]]:
    """The module's SQL helpers (functions and methods) and its module-level database handles."""
    module_flow = FunctionFlow(module)
    handles = [*_handles(module, module_name, imports, module_flow),
               *_app_handles(module, module_name, imports, module_flow)]
    prefix = f"{module_name}." if module_name else ""
    helpers: list[SqlHelperFact] = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef):
            helpers.extend(_helper(statement, prefix + statement.name.value, None, imports, module_name, module_flow))
            handles.extend(_returned_handle(statement, statement.name.value, None, imports, module_name, module_flow))
        elif isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            for method in statement.body.body:
                if isinstance(method, cst.FunctionDef):
                    key = f"{prefix}{statement.name.value}.{method.name.value}"
                    helpers.extend(_helper(method, key, statement, imports, module_name, module_flow))
                    handles.extend(_returned_handle(method, f"{statement.name.value}.{method.name.value}", statement,
                                                    imports, module_name, module_flow))
    return tuple(helpers), tuple(handles)


# what a function returning a database handle returns: a connection, a cursor, a pool's connection
_HANDING_OUT = frozenset({"connect", "cursor", "connection", "raw_connection", "getconn", "acquire"})


def _returned_handle(function: cst.FunctionDef, name: str, owner: cst.ClassDef | None, imports: ImportTable,
                     module_name: str, module_flow: FunctionFlow) -> tuple[SqlHandleFact, ...]:
    """``def get_db(): ... return g.db`` after ``g.db = sqlite3.connect(...)``, ``def _cursor(self): return
    connections[self.alias].cursor()``: every return hands out one kind of handle, which callers then use."""
    nodes = list(scope_nodes(function.body))
    returns = [node.value for node in nodes if isinstance(node, cst.Return)]
    if not returns or any(value is None for value in returns):
        return ()
    assigned = {dotted_name(t): node.value for node in nodes if isinstance(node, cst.Assign)
                for t in (target.target for target in node.targets) if isinstance(t, (cst.Attribute, cst.Name))}
    values = [assigned.get(dotted_name(v), v) if isinstance(v, (cst.Attribute, cst.Name)) else v for v in returns]
    if not all(isinstance(v, cst.Call) and (v.func.attr.value if isinstance(v.func, cst.Attribute)
                                             else dotted_name(v.func) or "") in _HANDING_OUT for v in values):
        return ()
    resolver = SinkResolver(imports, module_name, FunctionFlow(function), module_flow, owner=owner)
    received = {resolver.receiver(v, 10**9) for v in values}
    if len(received) != 1 or None in received:
        return ()
    found = received.pop()
    return (SqlHandleFact(name + RETURNED, found.kind, found.driver, found.is_async),)


def extract_code_names(module: cst.Module, module_name: str) -> tuple[str, ...]:
    """The module's functions whose every return is text written in the code: literals, class
    names, model tables (``return f"main_{job_class.__name__.lower()}"``), a value of a dict literal the module
    binds once (``return LANGUAGE_MAP.get(locale, "simple")``)."""
    prefix = f"{module_name}." if module_name else ""
    tables = set(bound_once(module, _literal_table))
    found = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef):
            returns = [n.value for n in scope_nodes(statement.body) if isinstance(n, cst.Return)]
            if returns and all(v is not None and (written_in_code(v) or _looked_up(v, tables)) for v in returns):
                found.append(prefix + statement.name.value)
    return tuple(found)


def _literal_table(value: cst.BaseExpression) -> bool:
    """A dict literal whose every value is a literal constant (``{"de_CH": "german", ...}``)."""
    return isinstance(value, cst.Dict) and bool(value.elements) and all(
        isinstance(e, cst.DictElement) and is_literal_constant(e.value) for e in value.elements)


def _looked_up(expr: cst.BaseExpression, tables: set[str]) -> bool:
    """``TABLE[key]`` or ``TABLE.get(key, "default")`` of one of the module's literal ``tables``."""
    if isinstance(expr, cst.Subscript):
        return dotted_name(expr.value) in tables
    return isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get" \
        and dotted_name(expr.func.value) in tables and 1 <= len(expr.args) <= 2 \
        and all(written_in_code(a.value) for a in expr.args[1:])


def extract_date_functions(module: cst.Module, module_name: str, imports: ImportTable) -> tuple[str, ...]:
    """The module's functions whose every return is a date or time (:func:`returns_dates`)."""
    prefix = f"{module_name}." if module_name else ""
    return tuple(prefix + s.name.value for s in module.body
                 if isinstance(s, cst.FunctionDef) and returns_dates(s, imports))


# a statement begins with its verb; a clause follows it
_SQL_VERB = re.compile(r"\s*(select|insert\s+into|update|delete\s+from|with)\b", re.IGNORECASE)
_SQL_CLAUSE = re.compile(r"\b(from|where|set|values|into|as)\b", re.IGNORECASE)


def extract_sql_builders(module: cst.Module, module_name: str) -> tuple[SqlBuilderFact, ...]:
    """The module's functions whose every return is a SQL statement (text that begins with its verb) with
    parameters of the function pasted in by f-string or concatenation, and module-level literals
    (``TABLE = "sales"``) written in."""
    constants = _module_literals(module)
    prefix = f"{module_name}." if module_name else ""
    found = []
    for function in module.body:
        if not isinstance(function, cst.FunctionDef):
            continue
        names = {p.name.value for p in all_params(function.params)}
        returns: list[SqlText] = []
        for node in scope_nodes(function.body):
            if isinstance(node, (cst.Yield, cst.Await)):
                returns = []
                break
            if not isinstance(node, cst.Return) or node.value is None \
                    or isinstance(node.value, cst.Name) and node.value.value == "None":
                continue
            built = _sql_text(node.value, names, constants)
            if built is None:
                returns = []
                break
            returns.append(SqlText(tuple(built[0::2]), tuple(built[1::2])))
        if returns and any(r.holes for r in returns) and all(
                _SQL_VERB.match(r.texts[0]) and _SQL_CLAUSE.search(" ".join(r.texts)) for r in returns):
            positional = tuple(p.name.value for p in (*function.params.posonly_params, *function.params.params))
            defaults = tuple(p.name.value for p in all_params(function.params)
                             if p.default is not None and is_literal_constant(p.default))
            found.append(SqlBuilderFact(prefix + function.name.value, positional, defaults, tuple(returns)))
    return tuple(found)


def _module_literals(module: cst.Module) -> dict[str, str]:
    """Module-level names bound once, and never changed, to a string or an integer written out."""
    def text(value: cst.BaseExpression) -> str | None:
        return value.value if isinstance(value, cst.Integer) else _string(value)
    return {name: text(value) for name, value in bound_once(module, lambda value: text(value) is not None).items()}


def _sql_text(expr: cst.BaseExpression, params: set[str], constants: dict[str, str]) -> list[str] | None:
    """``[text, hole, text, ..., text]`` (holes are parameter names) of text built from literals, module
    literals and parameters; None for anything else."""
    if isinstance(expr, cst.SimpleString):
        text = _string(expr)
        return None if text is None else [text]
    if isinstance(expr, cst.Name):
        if expr.value in params:
            return ["", expr.value, ""]
        return [constants[expr.value]] if expr.value in constants else None
    if isinstance(expr, cst.FormattedString):
        pieces = [""]
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                pieces[-1] += part.value.replace("{{", "{").replace("}}", "}")
                continue
            if part.conversion or part.format_spec:
                return None
            inner = _sql_text(part.expression, params, constants)
            if inner is None:
                return None
            pieces[-1] += inner[0]
            pieces.extend(inner[1:])
        return pieces
    if isinstance(expr, (cst.ConcatenatedString, cst.BinaryOperation)) and (
            isinstance(expr, cst.ConcatenatedString) or isinstance(expr.operator, cst.Add)):
        left, right = _sql_text(expr.left, params, constants), _sql_text(expr.right, params, constants)
        if left is None or right is None:
            return None
        return [*left[:-1], left[-1] + right[0], *right[1:]]
    return None


def written_in_code(expr: cst.BaseExpression) -> bool:
    """Text made of literals and names written in the code only."""
    if isinstance(expr, (cst.SimpleString, cst.Integer)):
        return True
    if isinstance(expr, cst.FormattedString):
        return all(written_in_code(p.expression) for p in expr.parts if isinstance(p, cst.FormattedStringExpression))
    if isinstance(expr, cst.ConcatenatedString) or isinstance(expr, cst.BinaryOperation) \
            and isinstance(expr.operator, cst.Add):
        return written_in_code(expr.left) and written_in_code(expr.right)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _NAME_KEEPING:
        return written_in_code(expr.func.value)
    return isinstance(expr, cst.Attribute) and code_attribute(expr)


def code_attribute(expr: cst.Attribute) -> bool:
    """``model._meta.db_table``, ``field.column``, ``Model.__tablename__``, ``cls.__name__``: names declared in code."""
    name = dotted_name(expr) or ""
    return expr.attr.value in SCHEMA_ATTRIBUTES | CODE_NAMES or "._meta." in f".{name}." and expr.attr.value in META_NAMES


def _handles(module: cst.Module, module_name: str, imports: ImportTable,
             module_flow: FunctionFlow) -> tuple[SqlHandleFact, ...]:
    resolver = SinkResolver(imports, module_name, module_flow, module_flow)
    found = []
    for name, bindings in module_flow.bindings.items():
        if len(bindings) != 1 or bindings[0].kind not in ("set", "declare"):
            continue
        binding = bindings[0]
        received = resolver.receiver(binding.value, 10**9) if binding.value is not None else None
        if received is None and binding.annotation is not None:
            received = resolver.typed(binding.annotation)
        if received is not None:
            found.append(SqlHandleFact(name, received.kind, received.driver, received.is_async))
    return tuple(sorted(found, key=lambda f: f.name))


def _app_handles(module: cst.Module, module_name: str, imports: ImportTable,
                 module_flow: FunctionFlow) -> list[SqlHandleFact]:
    """``app["pool"] = await asyncpg.create_pool(...)`` (aiohttp), ``app.state.pool = ...`` (Starlette, FastAPI),
    wherever the application is set up: a handle it holds under that name (:func:`app_key`) for the handlers
    that read it from their request."""
    resolver = SinkResolver(imports, module_name, module_flow, module_flow)
    found = []
    for node in descendants(module):
        if type(node) is not cst.Assign or len(node.targets) != 1:
            continue
        key = app_key(node.targets[0].target)
        value = node.value.expression if isinstance(node.value, cst.Await) else node.value
        received = resolver.receiver(value, 10**9) if key is not None and isinstance(value, cst.Call) else None
        if received is not None:
            found.append(SqlHandleFact(key, received.kind, received.driver, received.is_async))
    return found


_SINK_NAMES = SINK_METHODS | SINK_FUNCTIONS


def _helper(function: cst.FunctionDef, key: str, owner: cst.ClassDef | None, imports: ImportTable, module_name: str,
            module_flow: FunctionFlow) -> list[SqlHelperFact]:
    positional = [p for p in (*function.params.posonly_params, *function.params.params)]
    bound_first = owner is not None and not decorated_with(function, "staticmethod")
    if bound_first:
        positional = positional[1:]
    names = {p.name.value for p in all_params(function.params)}
    if not names or not any(_sink_call(n) for n in scope_nodes(function.body)):  # most functions: no walk below
        return []
    candidates = [(call, ancestors) for call, ancestors in walk_scope(function.body) if _sink_call(call)]
    flow: FunctionFlow | None = None
    resolver: SinkResolver | None = None
    found: dict[str, SqlHelperFact] = {}
    for call, ancestors in candidates:
        sql = sql_argument(call)
        if sql is None:
            continue
        if flow is None:
            flow = FunctionFlow(function)
            resolver = SinkResolver(imports, module_name, flow, module_flow, owner=owner)
        order = next((flow.order_of(a) for a in reversed(ancestors)
                      if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement))), 10**9)
        param = _parameter(sql, flow, order)
        if param is None or param not in names:
            continue
        sink = resolver.sink(call, order)
        if sink is None or sink.params == "helper" or param in found and found[param].sink != "text()":
            continue
        position = next((i for i, p in enumerate(positional) if p.name.value == param), -1)
        found[param] = SqlHelperFact(key, param, position, sink.label, sink.style, sink.driver, sink.dialect,
                                     sink.statement, _params_parameter(call, sink.params, flow, order, names))
    return list(found.values())


def _sink_call(node: cst.CSTNode) -> bool:
    """A call of a sink's name (``execute``, ``raw``, ``text``, ...), whatever its receiver."""
    return type(node) is cst.Call and _callee(node) in _SINK_NAMES


def _callee(call: cst.Call) -> str:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""


def _parameter(sql: cst.BaseExpression, flow: FunctionFlow, order: float, depth: int = 0) -> str | None:
    """The parameter ``sql`` is, directly, through ``text(param)`` or a local name bound once to either."""
    if depth > 3:
        return None
    if isinstance(sql, cst.Call) and _callee(sql) in _TEXT_NAMES | {"str", "dedent"} and len(sql.args) == 1:
        return _parameter(sql.args[0].value, flow, order, depth + 1)
    if not isinstance(sql, cst.Name):
        return None
    bindings = flow.reaching(sql.value, order)
    if not bindings or len(bindings) != 1:
        return None
    binding = bindings[0]
    if binding.kind == "param":
        return sql.value
    if binding.kind == "set" and binding.value is not None:
        return _parameter(binding.value, flow, binding.order, depth + 1)
    return None


def _params_parameter(call: cst.Call, mode: str, flow: FunctionFlow, order: float, names: set[str]) -> str | None:
    """The helper's parameter the sink receives its bound values from (``execute(sql, params)``)."""
    if mode == "varargs":
        star = next((a for a in call.args if a.star == "*"), None)
        return f"*{star.value.value}" if star is not None and isinstance(star.value, cst.Name) \
            and star.value.value in names else None
    if mode not in ("second", "text-wrap", "params-keyword"):
        return None
    value = next((a.value for a in call.args if a.keyword is not None and a.keyword.value in _PARAMS_KEYWORDS), None)
    positional = [a for a in call.args if a.keyword is None]
    if value is None and mode != "params-keyword" and len(positional) > 1 and not positional[1].star:
        value = positional[1].value
    if isinstance(value, cst.Name) and value.value in names:
        bindings = flow.reaching(value.value, order)
        if bindings and len(bindings) == 1 and bindings[0].kind == "param":
            return value.value
    return None


@derived_table
class SqlTable:
    """The project's SQL helpers and module-level handles, by every dotted suffix of their name."""

    def __init__(self, index) -> None:
        self.helpers: dict[str, list[SqlHelperFact]] = {}
        self.handles: dict[str, list[SqlHandleFact]] = {}
        self.app_handles: dict[str, list[SqlHandleFact]] = {}  # by app_key
        self.code_names: dict[str, list[str]] = {}
        self.date_functions: dict[str, list[str]] = {}
        self.builders: dict[str, list[SqlBuilderFact]] = {}
        for facts in index.files.values():
            for builder in facts.sql_builders:
                for suffix in dotted_suffixes(builder.function):
                    self.builders.setdefault(suffix, []).append(builder)
            for function in facts.code_names:
                for suffix in dotted_suffixes(function, 1):
                    self.code_names.setdefault(suffix, []).append(function)
            for function in facts.date_functions:
                for suffix in dotted_suffixes(function, 1):
                    self.date_functions.setdefault(suffix, []).append(function)
            for helper in facts.sql_helpers:
                for suffix in dotted_suffixes(helper.function):
                    self.helpers.setdefault(suffix, []).append(helper)
            for handle in facts.sql_handles:
                if handle.name.startswith(APP_HELD):  # held by the application: by its name there
                    self.app_handles.setdefault(handle.name, []).append(handle)
                    continue
                for suffix in dotted_suffixes(f"{facts.module}.{handle.name}" if facts.module else handle.name, 1):
                    self.handles.setdefault(suffix, []).append(handle)

    def returns_code_name(self, qualified: str) -> bool:
        """Whether the function ``qualified`` (or the one function so named in its top package, imported
        from a package that re-exports it) returns only text written in code."""
        return _one_named(self.code_names, qualified)

    def returns_date(self, qualified: str) -> bool:
        """Whether the function ``qualified`` (found as :meth:`returns_code_name` finds it) returns only dates."""
        return _one_named(self.date_functions, qualified)

    def builder(self, qualified: str) -> SqlBuilderFact | None:
        found = self.builders.get(qualified, [])
        return found[0] if len(found) == 1 else None

    def helper(self, qualified: str) -> SqlHelperFact | None:
        found = self.helpers.get(qualified, [])
        return found[0] if len(found) == 1 else None

    def handle(self, qualified: str) -> Receiver | None:
        found = self.handles.get(qualified, []) if "." in qualified else []
        if len(found) != 1:
            return None
        return Receiver(found[0].kind, found[0].driver, found[0].is_async)

    def app_handle(self, key: str) -> Receiver | None:
        """What the application holds under ``key``: one kind of handle wherever the project sets it."""
        kinds = {(f.kind, f.driver, f.is_async) for f in self.app_handles.get(key, [])}
        return Receiver(*kinds.pop()) if len(kinds) == 1 else None


def _one_named(table: dict[str, list[str]], qualified: str) -> bool:
    """``qualified`` is one function of ``table``, or the one so named in its top package (re-exported)."""
    if len(table.get(qualified, [])) == 1:
        return True
    named = table.get(qualified.rsplit(".", 1)[-1], [])
    return len(named) == 1 and qualified.split(".")[0] in named[0].split(".")


def project_sql(index) -> SqlTable:
    """The SQL helpers and handles of the whole project (built once per index)."""
    return index.derived(SqlTable)
