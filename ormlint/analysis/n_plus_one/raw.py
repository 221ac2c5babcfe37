"""SQL run through a driver once per loop iteration: DB-API cursors, asyncpg and other asyncio drivers,
Django's ``connection.cursor()``, SQLAlchemy ``execute(text(...))``.

An execution call is recognised by what its receiver is (:class:`ormlint.index.sql_sinks.SinkResolver`:
connections, cursors and sessions followed through the function), or, in a module that imports exactly one
database driver, by that driver's own query methods on a connection it cannot follow (``db.execute`` on an
``aiosqlite`` connection handed in). It repeats per row when its parameters depend on the iteration; a loop
over statements (``for statement in script: cursor.execute(statement)``) sends no parameters and is not an
N+1, nor is a schema change per table or constraint (``ALTER TABLE ... ADD CONSTRAINT``). ``executemany``
is the batch form itself. :func:`batch_advice` says how to batch in the driver's own paramstyle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from ormlint.index.sql_helpers import project_sql
from ormlint.index.sql_sinks import SINK_METHODS, SinkResolver, sql_argument
from ormlint.orms.dbapi import DRIVERS, SQL_SCHEMA_CHANGES, SQL_STATEMENTS, SQL_WRITES, driver
from ormlint.syntax.flow import FunctionFlow
from ormlint.syntax.literals import string_value
from ormlint.syntax.names import dotted_name

# methods that run one statement with its parameters; the rest of SINK_METHODS run many (executemany),
# none (executescript) or hand out a cursor or a prepared statement
_BATCHES = frozenset({"executemany", "executescript", "cursor", "prepare"})
RUNS_ONE = frozenset(SINK_METHODS) - _BATCHES
# OFFSET given by a parameter after a LIMIT: the statement reads one page of its result per run
_PAGE = re.compile(r"\bLIMIT\b.*\bOFFSET\s+(?:%\(\w+\)s|%s|\?|:[A-Za-z_]\w*|\$\d+)", re.IGNORECASE | re.DOTALL)
HOLE = "\x00"  # where a value is pasted into SQL text
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
# text that ends where a table is named (possibly schema-qualified and quoted): what comes next is the table
_TABLE_BEFORE = re.compile(r"\b(?:UPDATE|INTO|FROM|TABLE|JOIN)\s+(?:\"?[\w\x00]*\"?\.)?\"?$", re.IGNORECASE)
_PLACEHOLDERS = (("format", r"%s|%\(\w+\)s"), ("qmark", r"\?"), ("numeric_dollar", r"\$\d"),
                 ("named", r"(?<![:\w]):[A-Za-z_]\w*"))


@dataclass(frozen=True)
class RawStatement:
    """One execution of SQL text: how its driver takes parameters, and what the statement does."""

    call: cst.Call
    sql: cst.BaseExpression  # the SQL argument
    params: tuple[cst.BaseExpression, ...]  # the arguments that carry values
    style: str | None  # the driver's paramstyle: qmark | format | named | numeric_dollar | None (unknown)
    dialect: str | None  # postgres | mysql | sqlite | ...
    write: str  # "an UPDATE", "an INSERT", ... when the SQL text says it writes; "" otherwise
    driver: str | None = None  # the driver module that runs it, when known ("psycopg2")
    paged: bool = False  # LIMIT n OFFSET <parameter>: one page of a result per run


class RawStatements:
    """Finds the driver executions among the calls of one module (flows built per function on first use)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self._flows: dict[int, FunctionFlow] = {}
        drivers = {d for d in DRIVERS if any(t == d.module or t.startswith(d.module + ".")
                                             for t in ctx.imports.aliases.values())}
        self.file_driver = drivers.pop() if len(drivers) == 1 else None

    def _flow(self, scope: cst.CSTNode) -> FunctionFlow:
        flow = self._flows.get(id(scope))
        if flow is None:
            flow = self._flows[id(scope)] = FunctionFlow(scope)
        return flow

    def statement(self, call: cst.Call) -> RawStatement | None:
        """The driver execution ``call`` makes, or None."""
        if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in RUNS_ONE or not call.args:
            return None
        sql = sql_argument(call)
        if sql is None:
            return None
        ancestors = list(self.ctx.ancestors(call))
        scope = next((a for a in reversed(ancestors) if isinstance(a, cst.FunctionDef)), self.ctx.module)
        statement = next((a for a in reversed(ancestors)
                          if isinstance(a, (cst.SimpleStatementLine, cst.BaseCompoundStatement))), None)
        flow = self._flow(scope)
        order = flow.order_of(statement) if statement is not None else 10**9
        resolver = SinkResolver(self.ctx.imports, self.ctx.module_name, flow, self._flow(self.ctx.module),
                                models=self.ctx.index.models, project=project_sql(self.ctx.index))
        text = _text(sql, flow, order)
        params = tuple(a.value for a in call.args if a.value is not sql)
        if resolver.receiver(call.func.value, order) is None and not _is_sql(text):
            return None  # a receiver guessed from the file's driver: only with SQL text in hand
        sink = resolver.sink(call, order)
        if sink is not None:
            style = sink.style or _placeholders(text)
            return RawStatement(call, sql, params, style, sink.dialect, _write_statement(text), sink.driver,
                                _paged(text))
        file_driver = self.file_driver
        receiver = call.func.value
        if file_driver is not None and call.func.attr.value in file_driver.query_methods and isinstance(
                receiver, (cst.Name, cst.Attribute)) and dotted_name(receiver) is not None:
            return RawStatement(call, sql, params, file_driver.paramstyle, file_driver.dialect, _write_statement(text),
                                file_driver.top, _paged(text))
        return None


def _text(sql: cst.BaseExpression, flow: FunctionFlow | None = None, order: int = 10**9) -> str | None:
    """The SQL text as written: a literal, an f-string's literal parts (of each implicitly concatenated part),
    ``text("...")``, or a name bound
    to one of those just before (``sql = "SELECT ..."``); None when it cannot be read."""
    if isinstance(sql, cst.Call) and sql.args:  # text("..."), sa.text(...)
        sql = sql.args[0].value
    if isinstance(sql, cst.Name) and flow is not None:
        bindings = flow.reaching(sql.value, order) or []
        values = [b.value for b in bindings if b.value is not None]
        return _text(values[-1]) if len(bindings) == 1 and values else None
    template = None if isinstance(sql, cst.Call) else _template(sql)
    return None if template is None else template.replace(HOLE, "")  # f"ALTER TABLE {t} ...": its literal parts


def _is_sql(text: str | None, verbs: tuple[str, ...] = SQL_STATEMENTS) -> bool:
    """Whether the text starts with one of ``verbs`` (SQL statements, by default)."""
    words = (text or "").split()
    return bool(words) and words[0].lower() in verbs


def _paged(text: str | None) -> bool:
    return text is not None and _PAGE.search(text) is not None


def _placeholders(text: str | None) -> str | None:
    """The paramstyle the SQL text's placeholders are written in (``%s``, ``?``, ``$1``, ``:name``), if one."""
    found = {style for style, pattern in _PLACEHOLDERS if re.search(pattern, text or "")}
    return found.pop() if len(found) == 1 else None


def _write_statement(text: str | None) -> str:
    """The write the SQL text starts with, with its article ("an UPDATE"); "" when it does not write."""
    if not _is_sql(text, SQL_WRITES):
        return ""
    verb = text.split()[0].upper()
    return f"{'an' if verb[0] in 'AEIOU' else 'a'} {verb}"


def changes_schema(sql: cst.BaseExpression) -> bool:
    """Whether the SQL text (a literal, an f-string, ``"...".format(...)``, or ``text(...)`` of one) is a schema
    change (``ALTER TABLE``)."""
    return _is_sql(_template(sql), SQL_SCHEMA_CHANGES)


def pasted_tables(sql: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The expressions pasted in where the SQL names the table it writes or reads (``UPDATE {table} SET ...``,
    ``FROM "{name}"``, ``ALTER TABLE "{schema}".{table}``): of an f-string, ``"...".format(...)`` (by field name
    or position), their implicit concatenation, or ``text(...)`` of one."""
    if isinstance(sql, cst.Call) and isinstance(sql.func, cst.Attribute) and sql.func.attr.value == "format":
        template = string_value(sql.func.value)
        if template is None:
            return []
        positional = [a.value for a in sql.args if a.keyword is None and a.star == ""]
        named = {a.keyword.value: a.value for a in sql.args if a.keyword is not None}
        found, auto = [], 0
        for field in _FORMAT_FIELD.finditer(template):
            key = field.group(0)[1:-1].split("!")[0].split(":")[0].split(".")[0].split("[")[0]
            value = named.get(key) if key and not key.isdigit() else (
                positional[int(key)] if key.isdigit() and int(key) < len(positional) else
                positional[auto] if not key and auto < len(positional) else None)
            auto += not key
            if value is not None and _TABLE_BEFORE.search(template[:field.start()]):
                found.append(value)
        return found
    if isinstance(sql, cst.Call) and sql.args:  # text("..."), sa.text(...)
        return pasted_tables(sql.args[0].value)
    if isinstance(sql, cst.ConcatenatedString):
        return pasted_tables(sql.left) + pasted_tables(sql.right)
    if not isinstance(sql, cst.FormattedString):
        return []
    found, text = [], ""
    for part in sql.parts:
        if isinstance(part, cst.FormattedStringText):
            text += part.value
        else:
            if _TABLE_BEFORE.search(text):
                found.append(part.expression)
            text += HOLE
    return found


def _template(sql: cst.BaseExpression) -> str | None:
    """The SQL text with each value pasted in marked by ``HOLE``: a literal, an f-string, ``"...".format(...)``,
    their implicit concatenation, or ``text(...)`` of one; None when it cannot be read."""
    if isinstance(sql, cst.Call) and isinstance(sql.func, cst.Attribute) and sql.func.attr.value == "format":
        template = string_value(sql.func.value)
        return None if template is None else _FORMAT_FIELD.sub(HOLE, template)
    if isinstance(sql, cst.Call) and sql.args:  # text("..."), sa.text(...)
        return _template(sql.args[0].value)
    if isinstance(sql, cst.FormattedString):
        return "".join(p.value if isinstance(p, cst.FormattedStringText) else HOLE for p in sql.parts)
    if isinstance(sql, cst.ConcatenatedString):
        left, right = _template(sql.left), _template(sql.right)
        return None if left is None or right is None else left + right
    return string_value(sql)


def writes(sql: cst.BaseExpression) -> str:
    """The write the SQL text (a literal, or ``text("...")``) starts with ("an UPDATE"), or ""."""
    return _write_statement(_text(sql))


def batch_advice(raw: RawStatement) -> str:
    """How to send the statement once for every row, in the driver's own paramstyle."""
    if raw.write:
        if raw.style == "named":
            return "pass all rows at once: `execute(text(...), [params, ...])` runs it as one executemany"
        batching = driver(raw.driver)
        if batching is not None and batching.batch_writes:
            return (f"send all rows at once with `{batching.batch_writes}` ({batching.module}'s `executemany()` "
                    "still runs one statement per row)")
        return "send all rows at once with `executemany(sql, rows)`"
    if raw.style == "numeric_dollar":
        return "fetch every row at once: `WHERE id = ANY($1)` with a list of keys, in one `fetch()`"
    if raw.style == "format" and raw.dialect in ("postgres", None):
        return "fetch every row at once: `WHERE id = ANY(%s)` with a list of keys (PostgreSQL), or `IN %s` " \
               "with a tuple, and look them up"
    if raw.style == "format":
        return "fetch every row at once: `WHERE id IN %s` with a tuple of keys, and look them up"
    if raw.style == "qmark":
        return "fetch every row at once: `WHERE id IN (?, ?, ...)` with one placeholder per key, and look them up"
    if raw.style == "named":
        return "fetch every row at once: `WHERE id IN :ids` with `bindparam(\"ids\", expanding=True)`, " \
               "and look them up"
    return "fetch every row at once (`WHERE id IN (...)` over all keys, or a join) and look them up"
