"""ORM202 sql-identifier-interpolation: a table or column name, or a SQL fragment, of unknown origin
pasted into executed SQL. Off by default."""

from __future__ import annotations

import libcst as cst

from ormlint.analysis.sql.check import SqlProblem
from ormlint.analysis.sql.holes import FRAGMENT, IDENTIFIER
from ormlint.analysis.sql.messages import holes_text, identifier_advice, run_by
from ormlint.api import Example, Related, Rule
from ormlint.core.roles import NON_PRODUCTION
from ormlint.rules.raw_sql.raw_sql_injection import RawSqlInjection, sql_file


class SqlIdentifierInterpolation(Rule):
    """
    ## What it does
    Finds a table, column, schema or index name (an *identifier*), or a whole SQL clause (a
    *fragment*: a `WHERE` condition, an `ORDER BY` list), whose origin is not known to be safe,
    pasted into SQL that is executed. It sees the same sinks, follows the same values and
    takes the same options as ORM201 (`[tool.ormlint.raw-sql-injection]`); an identifier that
    is a constant, quoted (`psycopg.sql.Identifier`, `connection.ops.quote_name`, a project
    helper named quote), checked against an allow-list or model metadata (`_meta.db_table`)
    is not reported, nor is a number in a name (`v.c{idx + 1}`) or a clause the ORM compiled
    (`sql, params = queryset.query.where.as_sql(compiler, connection)`).

    Off by default: select it with `--select ORM202` (or `select`/`extend-select` in the
    configuration; `ALL` and prefixes such as `ORM2` leave it off). Identifiers cannot be bound
    as parameters, and most of them come from the code (a loop over the app's tables); teams
    that want every name that reaches SQL checked at its source turn it on.

    A fragment is really a value in disguise, and ORM201's, when it is a string built in the
    same function (each piece is then placed on its own: `" AND ".join(clauses)` with a
    `f"name = '{name}'"` clause reports `name` as a value), a list joined into an `IN (...)`
    or `VALUES (...)` position, or text inside a quoted SQL literal.

    ## Why is this bad?
    A name or clause pasted into SQL is parsed as SQL: when it comes from a request, a file or
    the database, whoever controls it can change the statement, and a bound parameter cannot
    stand for it.

    ## Example
    ```python
    def listing(sort):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM product ORDER BY {sort}")
    ```

    ## Use instead
    ```python
    SORTS = {"name", "price", "created_at"}

    def listing(sort):
        if sort not in SORTS:
            raise ValueError(sort)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM product ORDER BY {sort}")
    ```

    ## Fix safety
    No fix: the right allow-list or quoting depends on what the name may be.

    ## Where it reports
    | context | reports | why |
    |---|---|---|
    | application code | yes | where requests, jobs and commands run against production data |
    | `migration` | yes | a migration that can still change runs on the production database |
    | `shipped-migration` | no | its names were fixed when it shipped; a new migration changes them |
    | `test` | no | tests and fixtures run against a throwaway database |
    | `test-settings` | no | settings of the test run |
    | `dev-data` | no | seed, demo and fake data only ever runs on a developer database |
    | `script` | no | a one-off script is run by hand, once |
    | `command` | yes | an operator's command runs against production data |
    | `example` | no | examples and documentation are not the project's running code |
    | `orm-source` | no | the ORM's own code builds SQL from names by design |

    Roles are described in the README (Configuration); `[tool.ormlint.skip-roles]` changes
    this table per rule.

    ## References
    - [psycopg: `sql.Identifier`](https://www.psycopg.org/psycopg3/docs/api/sql.html#psycopg.sql.Identifier)
    - [Django: `connection.ops.quote_name()`](https://docs.djangoproject.com/en/stable/ref/databases/)
    - [OWASP: SQL Injection Prevention Cheat Sheet, allow-list input validation](https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html#defense-option-3-allow-list-input-validation)
    """

    code = "ORM202"
    name = "sql-identifier-interpolation"
    family = "raw-sql"
    severity = "warning"
    orms = RawSqlInjection.orms
    fix_safety = "none"
    summary = "A table or column name, or a SQL clause, of unknown origin is pasted into executed SQL"
    default_enabled = False
    skip_roles = NON_PRODUCTION | {"shipped-migration"}

    def visit_Module(self, node: cst.Module) -> bool:
        self.sql = sql_file(self)
        return self.sql is not None

    def visit_Call(self, node: cst.Call) -> None:
        for problem in self.sql.check_in(node, self.ancestors):
            holes = problem.of_kind(IDENTIFIER, FRAGMENT)
            if holes:
                self.report(problem.anchor(holes), _message(problem, holes, self.ctx.module),
                            related=[Related(site, "SQL built here") for site in problem.sites[:3]])


def _message(problem: SqlProblem, holes: list, module: cst.Module) -> str:
    kinds = {problem.slots[id(h)].kind for h in holes}
    plural = len({h.expr for h in holes}) > 1
    if kinds == {IDENTIFIER}:
        what = "identifiers" if plural else "an identifier (a table or column name)"
        advice = identifier_advice(problem.sink)
    else:
        what = "SQL fragments" if plural else "a SQL fragment"
        advice = "build the clause from constant pieces, check each name against an allow-list and bind the values"
    return f"{holes[0].via} pastes {holes_text(holes, module)} into {what} of the SQL run by " \
           f"{run_by(problem.sink)}; {advice}"


SqlIdentifierInterpolation.VALID = [
    # a constant table, a quoted name, an allow-listed column, model metadata
    """
    from django.db import connection

    TABLE = "shop_product"
    SORTS = ("name", "price")

    def listing(model, sort, table):
        if sort not in SORTS:
            raise ValueError(sort)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {TABLE} ORDER BY {sort}")
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            cursor.execute("TRUNCATE %s" % connection.ops.quote_name(table))
    """,
    # a value of unknown origin is ORM201's
    """
    import sqlite3

    def find(conn: sqlite3.Connection, name):
        return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
    """,
]

SqlIdentifierInterpolation.INVALID = [
    Example("""
    from django.db import connection

    def ordered(sort):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM shop_product ORDER BY {sort}")
    """, message="`sort` (parameter `sort` of `ordered`) into an identifier (a table or column name) of "
                             "the SQL run by `cursor.execute()`; identifiers cannot be bound: check it against an "
                             "allow-list of known names or quote it with `connection.ops.quote_name()`"),
    Example("""
    import psycopg

    def rows(conn: psycopg.Connection, where: str):
        return conn.execute(f"SELECT * FROM events WHERE {where}").fetchall()
    """, message="into a SQL fragment of the SQL run by `conn.execute()`"),
]
