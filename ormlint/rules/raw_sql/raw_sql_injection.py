"""ORM201 raw-sql-injection: a value of unknown origin pasted into a value position of executed SQL."""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.sql.check import TRIGGERS, SqlFile, SqlProblem
from ormlint.analysis.sql.holes import VALUE, statement_kind
from ormlint.analysis.sql.messages import bind_advice, holes_text, literal_advice, run_by
from ormlint.api import Example, Option, Related, Rule
from ormlint.core.roles import NON_PRODUCTION


class RawSqlInjection(Rule):
    """
    ## What it does
    Finds a value whose origin is not known to be safe pasted into a *value* position of SQL
    (a comparison operand, an `IN` list, `VALUES`, `LIMIT`, a quoted literal) with
    f-strings, `%`, `.format()`, `+`/`+=` or `str.join`, where the SQL reaches a call that
    executes it: DB-API `execute` on `sqlite3`/`aiosqlite` (and its `execute_fetchall`/`execute_insert`)/
    `psycopg`/`pymysql`/Django cursors,
    SQLAlchemy `text()` and `Session.execute`/`Connection.execute`, Alembic `op.execute` and
    `op.get_bind()`, Django `raw()`, `extra()` and `RawSQL`, Peewee `execute_sql`/`SQL()`/`raw()`,
    Tortoise `execute_query`, asyncpg `fetch`/`execute`, pandas `read_sql`, and project helpers
    that hand their argument to one of these (found in any module of the project): functions, and methods of
    a wrapper class called on an instance bound once to its construction or annotated with it
    (`db = Database(dsn)`, then `db.query(sql)` where `Database.query` runs `cur.execute(sql)`).

    Sinks are recognised by what their receiver is, wherever it is held: a variable, `self.conn`
    assigned in another method, `op.get_bind()`, `engine.connect()`, `session.connection()`,
    `db.engine.raw_connection()`, a handle imported from another module, one a project function or method
    returns (the Flask tutorial's `get_db()` returning `g.db` after `g.db = sqlite3.connect(...)`, or a module
    global it binds with `global _conn; _conn = sqlite3.connect(...)`, a service's `self._cursor()` returning
    `connections[alias].cursor()`), an unannotated parameter by its default (`def __init__(self,
    db=database)` with a Peewee `database`), a handle the application object holds by name where the project
    sets it up (aiohttp's `app["pool"] = await asyncpg.create_pool(...)`, FastAPI's `app.state.pool = ...`,
    read in a handler as `request.app["pool"]`, `request.app.state.pool`). Text composed with psycopg's `sql.SQL(text)` is SQL
    as written: a value pasted into it is reported, whatever `sql.Identifier`/`sql.Literal` compose around it (no
    text fix: the statement is an object). A SQL template another module binds once at module level
    (`USER_BY_NAME = "SELECT ... WHERE name = '{name}'"`, recorded by the index) and this one fills with `.format()`
    or `%` is read as its text (no fix here, where the text is not), and so is one picked from a module's
    collection of templates that all have a hole (`QUERIES[kind].format(value)`; no fix either: which one runs
    is not known here). The SQL is followed
    through the function's variables, and each value back to where it comes from. SQL that a
    function or method of the module builds and returns (`cursor.execute(build_query(term))`) is
    that of the sink, and so is that of a function of another module of the project whose every
    return is a statement (text beginning with its verb) pasted together from its parameters, f-strings,
    literals and module-level literals (`queries.sales_sql(region)`, recorded by the index): a hole that
    is one of the builder's parameters has the origin of what this call passes for it (or of its
    literal default). The message names the builder, where the fix belongs; none is offered at the sink.

    A value is safe, and not reported, when it is a constant (module, class, `Final`, enum
    member, a name another module of the project binds once to a literal: `external_org = 'Externe'`,
    arithmetic on constants: `60 * 60`, `self.value` in an Enum, a class attribute read through `cls`, a
    class-level list of constants read
    through `self` that no method sets on the object: `handle_types = ["TUTORIAL", "ARTICLE"]`), a number (`int()`, `len()`, `range()`, `zlib.crc32()`, arithmetic on
    numbers, a numeric or `Literal[...]` annotation), a date or time (`now()`, `datetime(...)`,
    `d.replace(hour=0)`, `d ± timedelta(...)`, `strftime()` of a format without quotes: their text holds
    digits, separators and names; also what a function of any module of the project returns when its every
    return is one: `getCurrentDate()` returning dateutil's `parse(...)` or `datetime.now()`), a value annotated with an Enum of any module of
    the project, a generated id or UUID (`uuid4()`,
    `obj.id`, `values_list("id", flat=True)`), a slug (`slugify()`: letters, digits, `-`, `_`), a name written in code (a class's
    `__name__`, a model's `_meta.db_table`, the `name`/`column` of a field of `model._meta.fields`, or what a function of any module of the project returns when
    it returns only such names and literals, `f"main_{cls.__name__.lower()}"`, or values of a dict literal its module
    binds once, `LANGUAGES.get(locale, "simple")`), placeholders (`",".join(["%s"] * n)`, also
    repeated as rows: `[row] * n`), an entry of a local dict literal read by its key
    (`query_dict["user_id"]` of `{"user_id": str(user.pk)}`, the dict's items never set again), a key or value of a
    dict written out of such values (`for name, on in
    severities.items()` over a local dict literal, or over the dict literal every call of a function only its
    module calls hands it), an element of a collection of such values (also of a union
    `a | b`, a concatenation or `a if c else b` of them, through `sorted()`/`list()`/`set()`), quoted or escaped for SQL (`quote_ident`, `QuotedString`, `escape_string`,
    `connection.ops.quote_name`, `psycopg.sql`, a project helper named `quote`/`escape`/
    `literal`, awaited too; a quote doubled by `.replace("'", "''")` inside a literal of that quote only:
    pasted bare, or `'` doubled inside `"..."`, the value is of its origin again), checked (`if x not in ALLOWED: raise` (or `abort(400)`, `sys.exit()`), `re.fullmatch(...)`, `x.isdigit()`, `if x > 0:`: ordering text
    against a number raises),
    parsed by a function that raises for anything but a valid value, which leaves the value (and
    its result) without a quote: `ZoneInfo(tz)`, `pytz.timezone(tz)`, `uuid.UUID(x)`, `int(x)`,
    `datetime.fromisoformat(x)`, `strptime`, `IPv4Address(x)`, IPy's `IP(x)`, netaddr's `IPAddress`/`IPNetwork`/
    `EUI`, `iso8601.parse_date(x)`, dateutil's `parser.parse(x)`, called before the use (a `try`
    around it must leave or reset the value; not under `contextlib.suppress`). Not
    `ip_address(x)`: an IPv6 scope id (`fe80::1%...`) may hold a quote. An option of a Django
    management command (`options["n"]` in `handle()`) is checked by argparse when `add_arguments`
    declares it with such a `type=`, constant `choices` or an action storing a constant (`store_true`). A value only stripped,
    lowered or logged is not checked. A value is also safe when it is
    configuration (`settings`, `os.environ`, Django's `connection.settings_dict`, the project's own configuration
    object imported under its conventional name: `Config.db.journal_mode`, `config.x`) or the server's own
    state, which its administrator sets (read with `SHOW x`, or `SELECT current_database()`, `version()`,
    `current_setting(...)` alone: no table's rows; or the rows of a query that reads the system catalogs
    only, `pg_class`, `information_schema.columns`, `sqlite_master`: the names of the schema's own objects), or what every call of a function of the module passes
    when those are all its calls: a private function, or a function or method no other file of the project
    calls or hands to a call but tests (a view named in a URL table is handed there; a test's values are test data), decorated by functions of its
    module only or `@staticmethod`/`@classmethod` (a method called through `self`, `cls` or its class's
    name); a literal that every call of a module function passes, or leaves to a literal default, when
    other files of the project call it (the index records each call's literal arguments; a function handed
    to another call, or called with `*args`/`**kwargs`, has unknown calls); an attribute its
    class only ever sets to a count (`self.page = 1`, `self.page += 1`); an attribute its class sets
    once, in `__init__`, to a parameter that every construction the index sees fills with a literal or
    leaves to a literal default (`Connection(dsn, application_name="backup")` in other modules; a subclass's
    `super().__init__(..., application_name=application_name)` forwarding its own such parameter, when the
    subclass is of the same module; a subclass without an `__init__` constructed the same way); also
    one call level down: what a function of the module returns. A value
    read from the database and pasted bare (unquoted) into a value position is a number or
    NULL, since stored text there would not parse; pasted into a quoted literal it is reported
    (second-order injection).
    Identifiers and SQL fragments are ORM202's (off by default), as are a function's name (`{fn}(...)`), the schema and role names of
    `SET search_path TO ...`/`SET ROLE ...` (also `ALTER DATABASE ... SET`) and everything outside a
    string literal in `GRANT`/`REVOKE` (also `ALTER DEFAULT PRIVILEGES`): privileges, objects and roles;
    a bare function argument or
    arithmetic operand that the statement also pastes where only a name fits (`ALTER COLUMN
    {column} TYPE jsonb USING to_jsonb({column})`) is that column's name, not a value.

    ## Why is this bad?
    A value pasted into SQL text is parsed as SQL: a quote in the input ends the literal and
    the rest runs as part of the statement (SQL injection). Data read from the database and
    pasted back is the same hazard one step later (second-order injection). Bound
    parameters travel separately from the statement and are never parsed.

    ## Example
    ```python
    cursor.execute(f"SELECT * FROM users WHERE email = '{email}'")
    ```

    ## Use instead
    ```python
    cursor.execute("SELECT * FROM users WHERE email = %s", (email,))
    ```

    ## Fix safety
    Unsafe. Offered only when every hole of unknown origin is a value where the statement
    takes a bound parameter (not `SET`, `PRAGMA`, `KILL` or DDL), the value is not already
    quoted, the call takes parameters, and the driver that binds them is known: `?` for
    sqlite3 and aiosqlite, `%s` for psycopg2, psycopg, pymysql and Django cursors, `:name`
    with `.bindparams()` for SQLAlchemy `text()`, each Peewee database's own. A value that
    filled a quoted literal is bound as `str(value)` (unless it is a string already) and a
    LIMIT/OFFSET count as `int(value)`, so the query matches what it matched. Never for
    asyncpg, or SQLAlchemy asyncio sessions, whose parameters take the type the server
    infers (a `'5'` bound for an integer column is an error). Parameters already passed are
    merged; the SQL keeps its quotes and line breaks, and SQL written one literal per line keeps
    those lines up to the first literal the rewrite changes.

    ## Options
    - `extra-sinks` (list of qualified names, default `[]`): functions of your own whose first
      argument is executed as SQL (`myapp.db.run_sql`), besides the helpers found by themselves.
    - `quoting-functions` (list of names, default `[]`): functions or methods that quote or escape
      a value for SQL, besides those of the drivers and ORMs and helpers named quote/escape/literal.
    - `foreign-suppressions` (bool, default `true`): `# noqa: S608` (Ruff), `# nosec` or
      `# nosec B608` (Bandit) and `# nosemgrep` bare or naming a rule with `sql` in its id
      (Semgrep) on the statement running the SQL, or on any statement building it (where Ruff reports
      S608), suppress this rule too.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | yes | a migration's SQL runs on the production database, over stored data (a warning) |
    | `shipped-migration` | no | shipped long ago and never edited again: its SQL is what every installation already ran |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code implements what the rule checks; it does not misuse it |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule. The finding points at the SQL text when the call builds it (an f-string on the line
    after `execute(`; a triple-quoted text spanning lines: at the call), else at the call that runs what was
    built before, with the places that built it as related locations.

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
    orms = ("django", "sqlalchemy", "sqlmodel", "peewee", "tortoise", "alembic", "dbapi", "asyncpg", "pandas")
    fix_safety = "unsafe"
    summary = "A value of unknown origin is pasted into SQL that is executed"
    skip_roles = NON_PRODUCTION | {"shipped-migration"}
    options = {
        "extra-sinks": Option(list, [], "qualified names of functions whose first argument is executed as SQL "
                                        "(wrappers such as 'myapp.db.run_sql')"),
        "quoting-functions": Option(list, [], "names of functions or methods that quote or escape a value for SQL"),
        "foreign-suppressions": Option(bool, True, "'# noqa: S608', '# nosec' / '# nosec B608' and SQL "
                                                   "'# nosemgrep' suppress this rule too"),
    }

    def visit_Module(self, node: cst.Module) -> bool:
        self.sql = sql_file(self)
        return self.sql is not None

    def visit_Call(self, node: cst.Call) -> None:
        for problem in self.sql.check_in(node, self.ancestors):
            values = problem.of_kind(VALUE)
            if not values or self.opts["foreign-suppressions"] and self.sql.suppressed_elsewhere(
                    [problem.sink.call, *problem.sites, *problem.built_at]):
                continue
            severity = "warning" if "migration" in self.ctx.roles else "error"
            self.report(problem.anchor(values), _message(problem, values, self.ctx.module), fix=problem.fix,
                        severity=severity, related=[Related(site, "SQL built here") for site in problem.sites[:3]])


def sql_file(rule: Rule) -> SqlFile | None:
    """The raw-SQL analysis of the rule's file, with ORM201's options; None when the file holds no sink."""
    opts = RawSqlInjection.option_values(rule.ctx.config.options_for(RawSqlInjection.name))
    extra = frozenset(opts["extra-sinks"])
    triggers = TRIGGERS + tuple(s.rsplit(".", 1)[-1] for s in extra)
    if not any(token in rule.ctx.source for token in triggers) and not _helpers_called(rule):
        return None
    return SqlFile(rule.ctx, extra, frozenset(opts["quoting-functions"]))


def _helpers_called(rule: Rule) -> bool:
    """Whether the file may call a SQL helper of the project (its name occurs in the text)."""
    names = {fact.function.rsplit(".", 1)[-1] for facts in rule.ctx.index.files.values() for fact in facts.sql_helpers}
    return any(f"{name}(" in rule.ctx.source for name in names)


def _message(problem: SqlProblem, holes: list, module: cst.Module) -> str:
    via = holes[0].via
    count = len({h.expr for h in holes})
    plural = count > 1
    where = "values" if plural else "a value"
    slots = [problem.slots[id(h)] for h in holes]
    if all(s.quoted or s.in_literal for s in slots):
        why = "a quote in " + ("them" if plural else "it") + " ends the string literal and the rest runs as SQL"
    else:
        why = ("their" if plural else "its") + " text becomes part of the statement, so any SQL in it runs"
    if all(s.bindable for s in slots):
        advice = bind_advice(problem.sink, count, "".join(p for p in problem.templates[0].parts if isinstance(p, str)))
    else:
        pieces = [p if isinstance(p, str) else 0 for p in problem.templates[0].parts]
        advice = literal_advice(problem.sink, count, statement_kind(pieces))
    if any(s.in_literal and not s.quoted for s in slots):
        advice += " (the whole literal, wildcards included, as the bound value)"
    builder = next((t.builder for t in problem.templates if t.builder), "")
    if builder:  # built and returned by another function: the fix is there
        via = f"{via} in `{builder}()`"
        advice += f"; `{builder}()` builds the SQL: have it return the placeholders and the values beside them"
    return f"{via} pastes {holes_text(holes, module)} into {where} of the SQL run by {run_by(problem.sink)}: " \
           f"{why}; {advice}"


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
    # numbers: an int annotation, len(), range(), int()
    """
    import sqlite3

    def pages(conn: sqlite3.Connection, size: int, names):
        for page in range(len(names)):
            conn.execute(f"SELECT * FROM entries LIMIT {size} OFFSET {page * size}")
        return conn.execute(f"SELECT * FROM entries WHERE score > {int(names[0])}").fetchall()
    """,
    # a value escaped by the driver, or by a helper of the project named for it
    """
    import pymysql

    def named(conn: pymysql.connections.Connection, name, city):
        with conn.cursor() as cur:
            cur.execute(f"SELECT id FROM customers WHERE name = {conn.escape(name)} AND city = {sql_literal(city)}")
    """,
    # checked against an allow-list, or by an anchored regular expression
    """
    import re
    from django.db import connection

    STATES = ("open", "closed")

    def listing(state, code):
        if state not in STATES:
            raise ValueError(state)
        if not re.fullmatch(r"[A-Z]{2}[0-9]{4}", code):
            raise ValueError(code)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM ticket WHERE state = '{state}' AND code = '{code}'")
    """,
    # a private function every caller of which passes a constant
    """
    from django.db import connection

    def _constraints(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT conname FROM pg_constraint JOIN pg_class ON conrelid = pg_class.oid "
                           f"WHERE relname = '{table}'")
            return cursor.fetchall()

    def run():
        return _constraints("history_entry") + _constraints("notifications")
    """,
    # an identifier of unknown origin is ORM202's, not an injectable value
    """
    from django.db import connection

    def count(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
    """,
    # triaged already for Ruff and Bandit
    """
    from django.db import connection

    def find(name):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")  # noqa: S608
    """,
    # prose that mentions "select ... from", logged and not executed; not a sink
    """
    import logging

    log = logging.getLogger(__name__)

    def warn(choice, redis):
        log.warning(f"Please select a value from the list: {choice}")
        redis.execute_command(f"GET {choice}")
    """,
]

RawSqlInjection.INVALID = [
    Example(
        """
        import sqlite3

        def find_user(email: str):
            conn = sqlite3.connect("app.db")
            return conn.execute(f"SELECT * FROM users WHERE email = '{email}'").fetchall()
        """,
        fixed="""
        import sqlite3

        def find_user(email: str):
            conn = sqlite3.connect("app.db")
            return conn.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchall()
        """,
        lines=(5,),
        message="f-string pastes `email` (parameter `email` of `find_user`) into a value of the SQL run by "
                "`conn.execute()`: a quote in it ends the string literal",
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
        message="write `%s` and pass it in the parameters argument",
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
            return session.execute(text("SELECT * FROM users WHERE name = :name").bindparams(name=str(name))).all()
        """,
        message="write `:name` in `text()` and bind it with `.bindparams(name=...)`",
    ),
    # second-order: a value read from the database, pasted back in a migration
    Example("""
    import sqlalchemy as sa
    from alembic import op

    def upgrade():
        conn = op.get_bind()
        for row in conn.execute(sa.text("SELECT id, name FROM tags")).fetchall():
            conn.execute(sa.text(f"UPDATE tags SET slug = '{row.name.lower()}' WHERE id = {row.id}"))
    """, path="alembic/versions/0002_slugs.py", message="(a value read from the database)"),
    # a clause appended under a condition: reported at the sink, no fix
    Example("""
    from django.db import connection

    def search(q, status):
        sql = "SELECT * FROM shop_product WHERE 1 = 1"
        if q:
            sql += f" AND name LIKE '%{q}%'"
        with connection.cursor() as cursor:
            cursor.execute(sql)
    """, message="f-string pastes `q` (parameter `q` of `search`) into a value"),
    # SQL handed to a helper of the project that runs it on a cursor
    Example("""
    from core.db import fetch_all

    def history(request):
        return fetch_all(f"SELECT ip FROM logins WHERE username = '{request.GET['username']}'")
    """, files={"core/db.py": """
    from django.db import connection

    def fetch_all(sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    """}, fixed="""
    from core.db import fetch_all

    def history(request):
        return fetch_all("SELECT ip FROM logins WHERE username = %s", params=(request.GET['username'],))
    """, message="`fetch_all()` (which runs it with `cursor.execute()` in `core.db.fetch_all`)"),
]
