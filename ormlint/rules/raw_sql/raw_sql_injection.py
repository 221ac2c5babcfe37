"""ORM201 raw-sql-injection: SQL built from non-constant values that reaches an execution call."""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.sql.fix import build_fix
from ormlint.analysis.sql.flow import (
    FunctionFlow,
    Hole,
    ModuleConstants,
    Template,
    TemplateBuilder,
)
from ormlint.analysis.sql.holes import (
    FRAGMENT,
    IDENTIFIER,
    VALUE,
    Slot,
    classify,
    holds_statement,
)
from ormlint.analysis.sql.sinks import SINK_FUNCTIONS, SINK_METHODS, Sink, SinkResolver
from ormlint.api import Example, Option, Related, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.syntax.walk import descendants

# Substrings without which a file cannot hold a sink (configured extra sinks are added).
TRIGGERS = ("execute", "exec_driver_sql", "scalar", "raw(", "text(", "extra(", "RawSQL", "read_sql", "fetch", "SQL(",
            "prepare(", "cursor(")

_ADVICE = {
    VALUE: "pass {them} as {params}",
    IDENTIFIER: "check {them} against an allow-list or quote {them} (psycopg.sql.Identifier, "
                "connection.ops.quote_name)",
    FRAGMENT: "build the clause from constant pieces and pass the values as parameters",
}
_SLOT_WORDS = {VALUE: "a value", IDENTIFIER: "an identifier", FRAGMENT: "a SQL fragment"}


class RawSqlInjection(Rule):
    """
    ## What it does
    Finds SQL built with f-strings, `%`, `.format()`, `+`/`+=` or `str.join`
    over non-constant values that reaches a call executing it: DB-API `execute` on
    `sqlite3`/`psycopg`/`pymysql`/Django cursors, SQLAlchemy `text()` and
    `Session.execute`/`Connection.execute`/`exec_driver_sql`, Django `raw()`,
    `extra()` and `RawSQL`, Peewee `execute_sql`/`SQL()`/`raw()`, Tortoise
    `execute_query`, asyncpg `fetch`/`execute`, pandas `read_sql`. Sinks are
    recognised by what their receiver is, and the SQL is followed through the variables
    of the function. Each interpolation is placed with sqlglot: a *value* (injection),
    an *identifier* (table, column, ORDER BY target) or a *fragment* (a whole clause).

    ## Why is this bad?
    A value pasted into SQL text is parsed as SQL: a quote in the input ends the
    literal and the rest runs as part of the statement (SQL injection). Bound
    parameters travel separately from the statement and are never parsed.
    Constants, numbers, placeholder lists (`", ".join(["%s"] * n)`), quoted
    identifiers and `psycopg.sql` composition are not reported, nor is text that is
    not SQL.

    ## Example
    ```python
    cursor.execute(f"SELECT * FROM users WHERE email = '{email}'")
    ```

    ## Use instead
    ```python
    cursor.execute("SELECT * FROM users WHERE email = %s", (email,))
    ```

    ## Fix safety
    Unsafe. Value holes are rewritten to the sink's paramstyle (`%s`, `?`,
    `:name` with `.bindparams()`, `$1`), quotes around them are removed and the
    values are passed as parameters, merged with parameters already passed. A bound
    value keeps its Python type where the old text was a SQL literal, which can change
    comparisons on loosely typed columns. No fix is offered when any hole is an
    identifier or fragment, or when existing parameters cannot be merged.

    ## Options
    - `extra-sinks` (list of qualified names, default `[]`): functions of your own whose first argument is
      executed as SQL (`myapp.db.run_sql`); calls of them are checked like `cursor.execute()`.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | yes | a migration's SQL runs on the production database (reported as a warning) |
    | `shipped-migration` | no | a migration that shipped is never edited again |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [Django: Performing raw SQL queries](https://docs.djangoproject.com/en/stable/topics/db/sql/)
    - [SQLAlchemy: `text()` and bound parameters](https://docs.sqlalchemy.org/en/20/core/sqlelement.html#sqlalchemy.sql.expression.text)
    - [PEP 249: `paramstyle`](https://peps.python.org/pep-0249/#paramstyle)
    - [asyncpg: `Connection.execute()`](https://magicstack.github.io/asyncpg/current/api/index.html#asyncpg.connection.Connection.execute)
    - [OWASP: SQL Injection Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html)
    """

    code = "ORM201"
    name = "raw-sql-injection"
    family = "raw-sql"
    severity = "error"
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "dbapi", "asyncpg", "pandas")
    fix_safety = "unsafe"
    summary = "SQL built from non-constant values reaches an execution call"
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    options = {
        "extra-sinks": Option(list, [], "qualified names of functions whose first argument is executed as SQL "
                                        "(wrappers such as 'myapp.db.run_sql')"),
    }

    def visit_Module(self, node: cst.Module) -> bool:
        self.extra_sinks = frozenset(self.opts["extra-sinks"])
        triggers = TRIGGERS + tuple(s.rsplit(".", 1)[-1] for s in self.extra_sinks)
        if not any(token in self.ctx.source for token in triggers):
            return False
        self.extra_names = frozenset(s.rsplit(".", 1)[-1] for s in self.extra_sinks)
        self._constants: ModuleConstants | None = None
        self._flows: dict[int, FunctionFlow] = {}
        return True

    # -- per-function analysis, built on first use -------------------------------------
    @property
    def constants(self) -> ModuleConstants:
        if self._constants is None:
            self._constants = ModuleConstants(self.ctx.module, self.ctx.imports)
        return self._constants

    def flow_for(self, scope: cst.CSTNode) -> FunctionFlow:
        flow = self._flows.get(id(scope))
        if flow is None:
            flow = self._flows[id(scope)] = FunctionFlow(scope, self.constants)
        return flow

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if last not in SINK_METHODS and last not in SINK_FUNCTIONS and last not in self.extra_names:
            return
        if not node.args or not _may_be_built(node):
            return
        scope = self.enclosing(cst.FunctionDef) or self.ctx.module
        statement = self.enclosing(cst.SimpleStatementLine, cst.BaseCompoundStatement)
        flow = self.flow_for(scope)
        module_flow = self.flow_for(self.ctx.module)
        order = flow.order_of(statement) if statement is not None else 10**9
        branch = flow.branch_of(statement) if statement is not None else ()
        resolver = SinkResolver(self.ctx, flow, module_flow, self.extra_sinks)
        builder = TemplateBuilder(flow, self.constants)
        if last == "extra":
            for piece in resolver.extra_sql(node):
                sink = Sink(node, "extra()", piece, None, "none", None, statement=False)
                self._check(sink, builder, flow, order, branch)
            return
        sink = resolver.sink(node, order)
        if sink is not None:
            self._check(sink, builder, flow, order, branch)

    # -- checking one sink -------------------------------------------------------------
    def _check(self, sink: Sink, builder: TemplateBuilder, flow: FunctionFlow, order: int, branch: tuple) -> None:
        templates = builder.build(sink.sql, order, branch)
        if not templates:
            return
        slots: dict[int, Slot] = {}
        unsafe: list[Hole] = []
        is_sql = False
        for template in templates:
            holes = [h for h in template.holes if not h.safe]
            if not holes:
                continue
            pieces = _pieces(template, holes)
            found = classify(pieces, sink.dialect, sink.statement)
            if found is None or all(found[i].kind == FRAGMENT and holds_statement(pieces, i) for i in found):
                continue
            is_sql = True
            for i, hole in enumerate(holes):
                if not any(hole is h for h in unsafe):
                    unsafe.append(hole)
                    slots[id(hole)] = found[i]
                elif _rank(found[i]) > _rank(slots[id(hole)]):
                    slots[id(hole)] = found[i]
        if not is_sql or not unsafe:
            return
        fix = None
        if len(templates) == 1 and all(slots[id(h)].kind == VALUE for h in unsafe):
            fix = build_fix(sink, templates[0], slots, flow, order, self.ctx)
        related = [Related(site, "SQL built here") for site in _sites(templates) if not _inside(site, sink.call)]
        kinds = {slots[id(h)].kind for h in unsafe}
        severity = "error" if (VALUE in kinds or FRAGMENT in kinds) and "migration" not in self.ctx.roles else "warning"
        self.report(sink.call, _message(sink, unsafe, slots, self.ctx.module), fix=fix, severity=severity,
                    related=related[:3])


def _may_be_built(call: cst.Call) -> bool:
    """Cheap check: some argument is not a plain string literal."""
    return any(not isinstance(a.value, (cst.SimpleString, cst.Integer, cst.Float)) for a in call.args)


def _pieces(template: Template, holes: list[Hole]) -> list:
    index = {id(h): i for i, h in enumerate(holes)}
    return [p if isinstance(p, str) else (index[id(p)] if id(p) in index else p.sample) for p in template.parts]


def _rank(slot: Slot) -> int:
    return {VALUE: 0, IDENTIFIER: 1, FRAGMENT: 2}[slot.kind]


def _sites(templates: list[Template]) -> list[cst.CSTNode]:
    seen: list[cst.CSTNode] = []
    for template in templates:
        for hole in template.holes:
            if not hole.safe and not any(hole.site is s for s in seen):
                seen.append(hole.site)
    return seen


def _inside(node: cst.CSTNode, container: cst.CSTNode) -> bool:
    return node is container or any(d is node for d in descendants(container))


def _message(sink: Sink, holes: list[Hole], slots: dict[int, Slot], module: cst.Module) -> str:
    worst_kind: dict[str, str] = {}  # expression → the most serious kind it lands in
    for hole in holes:
        code = " ".join(module.code_for_node(hole.expr).split())
        if len(code) > 40:
            code = code[:39] + "…"
        kind = slots[id(hole)].kind
        if code not in worst_kind or _rank(Slot(kind)) > _rank(Slot(worst_kind[code])):
            worst_kind[code] = kind
    by_kind: dict[str, list[str]] = {}
    for code, kind in worst_kind.items():
        by_kind.setdefault(kind, []).append(code)
    via = holes[0].via
    described = " and ".join(f"{', '.join(names)} into {_plural(kind, len(names))}"
                             for kind, names in sorted(by_kind.items(), key=lambda kv: _rank(Slot(kv[0]))))
    worst = max(by_kind, key=lambda kind: _rank(Slot(kind)))
    count = sum(len(v) for v in by_kind.values())
    them = "them" if count > 1 else "it"
    params = "parameters" if count > 1 else "a parameter"
    return f"{via} interpolates {described} of SQL executed by {sink.label}; " + \
        _ADVICE[worst].format(them=them, params=params)


def _plural(kind: str, count: int) -> str:
    if count == 1:
        return _SLOT_WORDS[kind]
    return {VALUE: "values", IDENTIFIER: "identifiers", FRAGMENT: "SQL fragments"}[kind]


RawSqlInjection.VALID = [
    # bound parameters
    """
    import sqlite3

    def find_user(email):
        conn = sqlite3.connect("app.db")
        return conn.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchall()
    """,
    # a module constant, a Final name and a class constant are not attacker input
    """
    from typing import Final
    from django.db import connection

    TABLE = "shop_order"
    PAGE: Final = 50

    class Report:
        STATUS = "paid"

        def rows(self):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {TABLE} WHERE status = '{self.STATUS}' LIMIT {PAGE}")
                return cursor.fetchall()
    """,
    # placeholder lists
    """
    from django.db import connection

    def by_ids(ids):
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM shop_product WHERE id IN ({placeholders})", ids)
    """,
    # psycopg.sql composition quotes identifiers
    """
    import psycopg
    from psycopg import sql

    def count(table):
        with psycopg.connect("dbname=app") as conn:
            conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
    """,
    # prose that mentions "select ... from", logged and not executed; not a sink
    """
    import logging

    log = logging.getLogger(__name__)

    def warn(choice, redis):
        log.warning(f"Please select a value from the list: {choice}")
        redis.execute_command(f"GET {choice}")
    """,
    # an identifier checked against an allow-list; a number
    """
    from django.db import connection

    def listing(order, limit):
        if order not in ("name", "created_at"):
            raise ValueError(order)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM shop_product ORDER BY {order} LIMIT {int(limit)}")
    """,
]

RawSqlInjection.INVALID = [
    Example(
        """
        import sqlite3

        def find_user(email):
            conn = sqlite3.connect("app.db")
            return conn.execute(f"SELECT * FROM users WHERE email = '{email}'").fetchall()
        """,
        fixed="""
        import sqlite3

        def find_user(email):
            conn = sqlite3.connect("app.db")
            return conn.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchall()
        """,
        lines=(5,),
        message="f-string interpolates email into a value of SQL executed by",
    ),
    Example(
        """
        from django.db import connection

        def orders_for(customer_id):
            sql = "SELECT * FROM shop_order WHERE customer_id = %s" % customer_id
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        """,
        fixed="""
        from django.db import connection

        def orders_for(customer_id):
            sql = "SELECT * FROM shop_order WHERE customer_id = %s"
            with connection.cursor() as cursor:
                cursor.execute(sql, (customer_id,))
                return cursor.fetchall()
        """,
        lines=(6,),
        message="%-formatting interpolates customer_id into a value of SQL",
    ),
    Example(
        """
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        def by_name(session: Session, name):
            return session.execute(text(f"SELECT * FROM users WHERE name = '{name}'")).all()
        """,
        fixed="""
        from sqlalchemy import text
        from sqlalchemy.orm import Session

        def by_name(session: Session, name):
            return session.execute(text("SELECT * FROM users WHERE name = :name").bindparams(name=name)).all()
        """,
        message="f-string interpolates name into a value of SQL executed by",
    ),
    Example(
        """
        import asyncpg

        async def user(pool, user_id):
            conn = await asyncpg.connect("postgresql://localhost/app")
            return await conn.fetchrow("SELECT * FROM users WHERE id = " + str(user_id))
        """,
        fixed="""
        import asyncpg

        async def user(pool, user_id):
            conn = await asyncpg.connect("postgresql://localhost/app")
            return await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id)
        """,
        message="concatenation interpolates str(user_id) into a value of SQL",
    ),
    # a clause appended under a condition: reported at the sink, no fix
    Example("""
    from django.db import connection

    def search(q, status):
        sql = "SELECT * FROM shop_product WHERE 1 = 1"
        if q:
            sql += f" AND name LIKE '%{q}%'"
        with connection.cursor() as cursor:
            cursor.execute(sql)
    """, message="f-string interpolates q into a value of SQL executed by"),
    # an identifier: advice, no fix
    Example("""
    from myapp.models import Product

    def ordered(sort):
        return Product.objects.raw(f"SELECT * FROM shop_product ORDER BY {sort}")
    """, message="f-string interpolates sort into an identifier of SQL"),
]
